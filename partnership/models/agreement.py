"""The partnership agreement, version by version, and its clauses."""

from django.conf import settings
from django.db import models
from django.db.models import CharField, Value
from django.db.models.functions import Concat
from django.urls import reverse
from simple_history.models import HistoricalRecords

from partnership.bounds import validate_date

from .people import Organisation, Partnership


class Agreement(models.Model):
    """One version of the partnership agreement, imported from its text."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SIGNED = "signed", "Signed"
        SUPERSEDED = "superseded", "Superseded"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="agreements")
    title = models.CharField(max_length=300)
    version = models.PositiveIntegerField()
    source_sha256 = models.CharField(max_length=64, help_text="Fingerprint of the text it was imported from.")
    imported_at = models.DateTimeField(auto_now_add=True)
    review_on = models.DateField(
        "review date",
        null=True,
        blank=True,
        validators=[validate_date],
        help_text="When the parties will next review the agreement itself (3.5).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "version"], name="one_agreement_per_version")
        ]

    def __str__(self):
        return f"{self.title} (version {self.version})"

    def get_absolute_url(self):
        return reverse("partnership:agreement-version", args=[self.version])

    @property
    def status(self) -> str:
        """Derived: superseded once a later version exists; signed once every party has signed."""
        if self.partnership.agreements.filter(version__gt=self.version).exists():
            return self.Status.SUPERSEDED
        signatures = list(self.signatures.all())
        if signatures and all(s.is_signed for s in signatures):
            return self.Status.SIGNED
        return self.Status.DRAFT

    def get_status_display(self) -> str:
        return self.Status(self.status).label


class Signature(models.Model):
    """Who signed the agreement on behalf of one party, and when."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="signatures")
    signatory_name = models.CharField(max_length=200, blank=True)
    signatory_role = models.CharField("role or title", max_length=200, blank=True)
    signed_on = models.DateField(null=True, blank=True, validators=[validate_date])
    approved_by = models.CharField(
        "board decision that approved it",
        max_length=300,
        blank=True,
        help_text="For example, HLEP Board, 12 March 2025, minute 6.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__short_name"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "organisation"], name="one_signature_per_party")
        ]

    def __str__(self):
        return f"{self.organisation} signature of {self.agreement}"

    @property
    def is_signed(self) -> bool:
        return bool(self.signatory_name and self.signed_on)


def within(number, agreement) -> models.Q:
    """Clauses of `agreement` numbered `number` or below it: "3.3" takes in "3.3.1" but not "3.30".
    Both may be values or expressions (OuterRef), so one query can ask it of many clauses."""
    below = number + "." if isinstance(number, str) else Concat(number, Value("."), output_field=CharField())
    return models.Q(agreement=agreement) & (models.Q(number=number) | models.Q(number__startswith=below))


class ClauseQuerySet(models.QuerySet):
    def current(self):
        """Clauses of each partnership's latest agreement version: the ones records link to."""
        latest = Agreement.objects.filter(partnership=models.OuterRef("agreement__partnership")).order_by(
            "-version"
        )
        return self.filter(agreement=models.Subquery(latest.values("pk")[:1]))

    def current_for(self, partnership):
        return self.current().filter(agreement__partnership=partnership)

    def delivered_by_projects(self, partnership):
        """What a project may deliver: the commitments (2.3.x) of the current agreement."""
        return self.current_for(partnership).commitments()

    def served_by_decisions_and_bids(self, partnership):
        """What a proposal, a priority or a bid may serve: a commitment or a practice of the current
        agreement (3.1 decisions, say, or 3.3.1 government investment)."""
        return self.current_for(partnership).linkable()

    def linkable(self):
        """What records link back to: the commitments and the practices, not the general clauses."""
        return self.exclude(kind=Clause.Category.GENERAL)

    def subtree(self, clause: "Clause"):
        """The clause and its sub-clauses (3.3 and 3.3.1, not 3.30): a record linked to a sub-clause
        serves its parents too. The one home of that rule: the dashboard, the clause pages and the
        registers' clause filters all go through it (see partnership/serving.py)."""
        return self.filter(within(clause.number, clause.agreement_id))

    def commitments(self):
        return self.filter(kind=Clause.Category.COMMITMENT)

    def practices(self):
        return self.filter(kind=Clause.Category.PRACTICE)


class Clause(models.Model):
    class Category(models.TextChoices):
        COMMITMENT = "commitment", "Commitment"
        PRACTICE = "practice", "Practice"
        GENERAL = "general", "General"

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="clauses")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    number = models.CharField(max_length=20)
    heading = models.CharField(
        "Short title",
        max_length=300,
        blank=True,
        help_text="How the clause is known in lists, filters and history.",
    )
    text = models.TextField()
    kind = models.CharField(max_length=20, choices=Category.choices, default=Category.GENERAL)
    position = models.PositiveIntegerField(help_text="Order in the agreement's text.")
    history = HistoricalRecords()

    objects = ClauseQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "position"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="clause_number_unique")]

    def __str__(self):
        """ "3.3.1 Identify potential opportunities for HMG investment": the one label of a clause,
        in every list, checkbox, filter and history; never cut."""
        return f"{self.number} {self.heading}".strip()

    def get_absolute_url(self):
        return reverse("partnership:clause-detail", args=[self.agreement.version, self.number])

    @property
    def depth(self) -> int:
        return self.number.count(".")
