"""Proposals each party's board decides by its own process (clause 3.1)."""

from django.db import models
from django.db.models import Case, Count, F, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partnership.bounds import validate_date
from partnership.models import Board, Clause, Partnership, Person


class ProposalQuerySet(models.QuerySet):
    def with_status(self):
        """Each proposal's status from its decisions, in the same query (clause 3.1)."""
        parties = (
            Partnership.parties.through.objects.filter(partnership=OuterRef("partnership"))
            .values("partnership")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            party_count=Coalesce(Subquery(parties), 0),
            approved_count=Count("decisions", filter=Q(decisions__outcome=Decision.Outcome.APPROVED)),
            rejected_count=Count("decisions", filter=Q(decisions__outcome=Decision.Outcome.REJECTED)),
        ).annotate(
            annotated_status=Case(
                When(rejected_count__gt=0, then=Value(Proposal.Status.BLOCKED)),
                When(approved_count__gte=F("party_count"), then=Value(Proposal.Status.AGREED)),
                default=Value(Proposal.Status.PENDING),
            )
        )

    def agreed(self):
        """The proposals agreed, each with `agreed_on`: the day the last party's board approved it."""
        return (
            self.with_status()
            .filter(annotated_status=Proposal.Status.AGREED)
            .annotate(
                agreed_on=Max("decisions__decided_on", filter=Q(decisions__outcome=Decision.Outcome.APPROVED))
            )
        )


class Proposal(models.Model):
    """Something the parties agree between them, which each party's board decides by its own process."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting decisions"
        AGREED = "agreed", "Agreed"
        BLOCKED = "blocked", "Blocked"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="proposals")
    title = models.CharField(max_length=300)
    summary = models.TextField()
    commitments = models.ManyToManyField(Clause, related_name="proposals", blank=True)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    bid = models.ForeignKey(
        "funding.Bid", on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    created_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(m2m_fields=[commitments])

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:proposal-detail", args=[self.pk])

    @property
    def status(self) -> str:
        """Agreed only when every party's board approved (clause 3.1); blocked once one rejected."""
        if hasattr(self, "annotated_status"):
            return self.annotated_status
        outcomes = [d.outcome for d in self.decisions.all()]
        if Decision.Outcome.REJECTED in outcomes:
            return self.Status.BLOCKED
        approved = outcomes.count(Decision.Outcome.APPROVED)
        if approved and approved >= self.partnership.parties.count():
            return self.Status.AGREED
        return self.Status.PENDING

    def get_status_display(self) -> str:
        return self.Status(self.status).label


class Decision(models.Model):
    """One board's decision on a proposal, recorded by that board's secretary or an admin of its own
    organisation (clause 3.1; Person.can_record_decision_for)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        DEFERRED = "deferred", "Deferred"

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="decisions")
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    decided_on = models.DateField(null=True, blank=True, validators=[validate_date])
    reference = models.CharField(
        max_length=100, blank=True, help_text="The board's own minute or decision number."
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["proposal", "board__organisation__short_name"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "board"], name="one_decision_per_board"),
            models.CheckConstraint(
                condition=Q(outcome="pending") | Q(decided_on__isnull=False),
                name="decision_has_a_date",
            ),
        ]
        indexes = [models.Index(fields=["decided_on"])]  # the review pack reads one period's decisions

    def __str__(self):
        return f"{self.board}: {self.get_outcome_display()} — {self.proposal}"
