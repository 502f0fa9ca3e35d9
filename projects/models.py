"""Joint projects the parties deliver together (clause 2.3.5), and what they achieve."""

from decimal import Decimal

from django.contrib.postgres.aggregates import StringAgg
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partnership.bounds import money_field, validate_date
from partnership.models import Clause, Organisation, Partnership, Person
from partnership.status import StatusWorkflow


class Place(models.Model):
    """A local authority district a project works in."""

    name = models.CharField(max_length=100, unique=True)
    county = models.CharField(max_length=100, blank=True)
    on_corridor = models.BooleanField(
        "on the London–Stansted–Cambridge corridor",
        default=False,
        help_text="The growth corridor clause 3.3.1 asks the parties to approach government about.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProjectQuerySet(models.QuerySet):
    def for_partnership(self, partnership: Partnership):
        return self.filter(partnership=partnership)

    def on_corridor(self):
        return self.filter(Exists(Place.objects.filter(projects=OuterRef("pk"), on_corridor=True)))

    def search(self, text: str):
        return self.filter(Q(title__icontains=text) | Q(summary__icontains=text))

    @staticmethod
    def live_q() -> Q:
        """A project is live until it is completed or closed: every count of "live projects" reads
        this one rule, and templates/projects/_live.html says it in words."""
        return ~Q(status__in=[Project.Status.COMPLETED, Project.Status.CLOSED])

    def live(self):
        return self.filter(self.live_q())

    def with_flags(self):
        """What each project should warn of, in the same query: `contributed` (the sum of its
        contributions), `funding_gap` (how far the budget exceeds that, else None) and
        `rag_needs_review` (a live Green project with a late milestone)."""
        contributed = Contribution.objects.filter(project=OuterRef("pk")).values("project")
        money = models.DecimalField(max_digits=14, decimal_places=2)
        return self.annotate(
            contributed=models.Subquery(
                contributed.annotate(total=Sum("amount")).values("total"), output_field=money
            ),
            funding_gap=models.Case(
                models.When(
                    budget__gt=Coalesce("contributed", Decimal(0), output_field=money),
                    then=models.F("budget") - Coalesce("contributed", Decimal(0), output_field=money),
                ),
                default=None,
                output_field=money,
            ),
            rag_needs_review=models.ExpressionWrapper(
                Q(rag=Project.Rag.GREEN)
                & self.live_q()
                & Exists(Milestone.objects.late().filter(project=OuterRef("pk"))),
                output_field=models.BooleanField(),
            ),
        )

    def for_list(self):
        """What a row of the projects list shows, in a fixed number of queries."""
        return self.select_related("lead_organisation").prefetch_related("partners", "places").with_flags()

    def with_names(self):
        """Partners, places and commitments as text, in the one query, for exports of any size."""
        return self.prefetch_related(None).annotate(
            partner_names=_joined(Project.partners.through, "organisation__short_name"),
            place_names=_joined(Project.places.through, "place__name"),
            commitment_numbers=_joined(Project.commitments.through, "clause__number"),
        )

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """How many by RAG rating ({"red": 2, "amber": 5, "green": 9}) and by sector, every rating and
        sector present in their order, from one scan of the projects."""
        by_rag = dict.fromkeys(Project.Rag.values, 0)
        by_sector = dict.fromkeys(Project.Sector.values, 0)
        for rag, sector, n in self.order_by().values_list("rag", "sector").annotate(n=Count("pk")):
            by_rag[rag] += n
            by_sector[sector] += n
        return by_rag, by_sector


def _joined(through, field: str) -> models.Subquery:
    rows = through.objects.filter(project=OuterRef("pk")).values("project")
    return models.Subquery(
        rows.annotate(text=StringAgg(field, "; ", order_by=field)).values("text"),
        output_field=models.TextField(),
    )


class Project(StatusWorkflow, models.Model):
    class Sector(models.TextChoices):
        LIFE_SCIENCES = "life_sciences", "Life sciences"
        ICT = "ict", "ICT"
        ADVANCED_MANUFACTURING = "advanced_manufacturing", "Advanced manufacturing"
        HOUSING = "housing", "Housing"
        SKILLS = "skills", "Skills"
        INFRASTRUCTURE = "infrastructure", "Infrastructure"
        STRATEGIC_PLANNING = "strategic_planning", "Strategic planning"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        APPROVED = "approved", "Approved"
        IN_DELIVERY = "in_delivery", "In delivery"
        COMPLETED = "completed", "Completed"
        PAUSED = "paused", "Paused"
        CLOSED = "closed", "Closed"

    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    # Where a project may go next: forward through delivery, or paused and resumed, or closed early.
    TRANSITIONS: dict[str, set[str]] = {
        Status.PROPOSED: {Status.APPROVED, Status.CLOSED},
        Status.APPROVED: {Status.IN_DELIVERY, Status.PAUSED, Status.CLOSED},
        Status.IN_DELIVERY: {Status.COMPLETED, Status.PAUSED, Status.CLOSED},
        Status.PAUSED: {Status.APPROVED, Status.IN_DELIVERY, Status.CLOSED},
        Status.COMPLETED: {Status.CLOSED},
        Status.CLOSED: set(),
    }

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    lead_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="led_projects")
    partners = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="partner_projects",
        help_text="The other organisations delivering it with the lead.",
    )
    sector = models.CharField(max_length=30, choices=Sector.choices)
    places = models.ManyToManyField(
        Place, blank=True, related_name="projects", help_text="The local authority districts it works in."
    )
    commitments = models.ManyToManyField(
        Clause, related_name="projects", help_text="The agreement's commitments this project delivers."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    rag = models.CharField("RAG rating", max_length=5, choices=Rag.choices, default=Rag.GREEN)
    rag_reason = models.TextField(
        "reason for the RAG rating", blank=True, help_text="Needed when the rating is red or amber."
    )
    start_date = models.DateField(null=True, blank=True, validators=[validate_date])
    end_date = models.DateField(null=True, blank=True, validators=[validate_date])
    budget = money_field(null=True, blank=True, help_text="The whole budget, in pounds.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[partners, places, commitments])

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rag="green") | ~Q(rag_reason=""), name="project_red_or_amber_has_a_reason"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="project_ends_after_it_starts",
            ),
            models.CheckConstraint(condition=Q(budget__gte=0), name="project_budget_not_negative"),
        ]
        indexes = [
            models.Index(fields=["partnership", "rag"]),
            models.Index(fields=["partnership", "sector"]),
            # The list's default order, and the review pack's "projects started".
            models.Index(fields=["partnership", "title", "id"]),
            models.Index(fields=["partnership", "start_date"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.pk])

    def get_edit_url(self):
        return reverse("projects:edit", args=[self.pk])

    def clean(self):
        errors = {}
        if self.rag in (self.Rag.RED, self.Rag.AMBER) and not self.rag_reason.strip():
            errors["rag_reason"] = "Say why the project is rated red or amber."
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date must be the same as or after the start date."
        errors.update(self.status_errors())
        if errors:
            raise ValidationError(errors)

    @property
    def organisation_ids(self) -> set[int]:
        return {self.lead_organisation_id, *(o.pk for o in self.partners.all())}

    def can_edit(self, person: Person) -> bool:
        """Admins, or officers of the lead or a partner organisation."""
        return person.can_edit_for(self.organisation_ids)

    def contributions_by_organisation(self) -> list[dict]:
        """Cash, in kind and total per organisation, from the prefetched contributions."""
        rows: dict[int, dict] = {}
        for contribution in self.contributions.all():
            row = rows.setdefault(
                contribution.organisation_id,
                {"organisation": contribution.organisation, "cash": Decimal(0), "in_kind": Decimal(0)},
            )
            row[contribution.kind] += contribution.amount
        for row in rows.values():
            row["total"] = row["cash"] + row["in_kind"]
        return sorted(rows.values(), key=lambda r: r["organisation"].short_name)

    @property
    def total_contributed(self) -> Decimal:
        return sum((c.amount for c in self.contributions.all()), Decimal(0))

    def outcomes(self) -> list[dict]:
        """Each kind of outcome with its target and the actuals reported period by period."""
        rows: dict[int, dict] = {}
        for target in self.outcome_targets.all():
            rows[target.kind_id] = {"kind": target.kind, "target": target.target, "reports": []}
        for report in self.outcome_reports.all():
            rows.setdefault(report.kind_id, {"kind": report.kind, "target": None, "reports": []})
            rows[report.kind_id]["reports"].append(report)
        for row in rows.values():
            row["actual"] = sum((r.actual for r in row["reports"]), Decimal(0))
        return sorted(rows.values(), key=lambda r: r["kind"].name)

    # Records elsewhere that mention a project, by the related_name other apps give them.
    def mentions(self) -> list[tuple[str, list]]:
        """(heading, records) of the decisions, bids and meetings that mention this project."""
        return [
            ("Proposals and decisions", list(self.proposals.all())),
            ("Funding bids", list(self.bids.all())),
            ("Meeting agenda items", list(self.agenda_items.select_related("meeting"))),
        ]


class MilestoneQuerySet(models.QuerySet):
    def late(self):
        return self.filter(done_on__isnull=True, due_date__lt=timezone.localdate())


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_date = models.DateField(validators=[validate_date])
    done_on = models.DateField("done on", null=True, blank=True, validators=[validate_date])
    history = HistoricalRecords()

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.title

    @property
    def is_late(self) -> bool:
        return self.done_on is None and self.due_date < timezone.localdate()


class Contribution(models.Model):
    class CashOrInKind(models.TextChoices):
        CASH = "cash", "Cash"
        IN_KIND = "in_kind", "In kind"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contributions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="contributions")
    amount = money_field(help_text="In pounds.")
    kind = models.CharField(max_length=10, choices=CashOrInKind.choices, default=CashOrInKind.CASH)
    description = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__short_name", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="contribution_not_negative")]

    def __str__(self):
        return f"{self.organisation} {self.get_kind_display().lower()} £{self.amount}"


class OutcomeKind(models.Model):
    """What a project can achieve, e.g. homes delivered (2.3.6). Each partnership's admins add their
    own kinds as data; another partnership's kinds are never theirs to see or change."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="outcome_kinds"
    )
    name = models.CharField(max_length=100)
    unit = models.CharField(max_length=30, help_text='What it is counted in, e.g. "homes"; "GBP" for money.')
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="one_outcome_kind_of_a_name")
        ]

    def __str__(self):
        return self.name

    @property
    def is_money(self) -> bool:
        return self.unit == "GBP"


class OutcomeTarget(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outcome_targets")
    kind = models.ForeignKey(OutcomeKind, on_delete=models.PROTECT, related_name="targets")
    target = money_field(help_text="The number (or pounds) the project means to achieve in all.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind__name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind"], name="one_target_per_outcome_kind"),
            models.CheckConstraint(condition=Q(target__gte=0), name="outcome_target_not_negative"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.target}"


class OutcomeReport(models.Model):
    """What a project achieved of one kind of outcome in one reporting period."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outcome_reports")
    kind = models.ForeignKey(OutcomeKind, on_delete=models.PROTECT, related_name="reports")
    period_start = models.DateField(validators=[validate_date])
    period_end = models.DateField(validators=[validate_date])
    actual = money_field()
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind__name", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind", "period_start"], name="one_report_per_outcome_and_period"
            ),
            models.CheckConstraint(condition=Q(actual__gte=0), name="outcome_actual_not_negative"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="outcome_period_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["period_end"])]  # the review pack reads one period's reports

    def __str__(self):
        return f"{self.kind} {self.period_start}–{self.period_end}: {self.actual}"

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "The period must end on or after the day it starts."})


class ProjectUpdate(models.Model):
    """A dated note of progress, written by an officer."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="project_updates"
    )
    written_on = models.DateField(default=timezone.localdate, validators=[validate_date])
    text = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-written_on", "-pk"]

    def __str__(self):
        return f"{self.project} update of {self.written_on}"
