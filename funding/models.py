"""Funding opportunities from government, the partners' joint bids for them, and each bid's business
case (clauses 2.3.2, 2.3.4 and 3.3.1)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partnership.bounds import money_field, validate_date
from partnership.models import Membership, Organisation, Person
from partnership.status import StatusWorkflow

LONDON_STANSTED_GROWTH_CORRIDOR = "London–Stansted Growth Corridor"


def zero_money() -> Value:
    return Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))


class Tag(models.Model):
    """A label for opportunities, such as the London–Stansted Growth Corridor (3.3.1)."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @classmethod
    def growth_corridor(cls) -> "Tag":
        return cls.objects.get_or_create(name=LONDON_STANSTED_GROWTH_CORRIDOR)[0]


class FundingOpportunityQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        return self.filter(partnership=partnership)

    def closing_within(self, days: int, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(closes_on__gte=today, closes_on__lte=today + datetime.timedelta(days=days))


class FundingOpportunity(models.Model):
    """A government fund or programme the partners could bid for."""

    class Instrument(models.TextChoices):
        GRANT = "grant", "Grant"
        LOAN = "loan", "Loan"
        EQUITY = "equity", "Equity"
        POOLED_FUND = "pooled_fund", "Pooled fund"
        OTHER = "other", "Other new funding model"

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="funding_opportunities"
    )
    funder = models.CharField(
        max_length=200, help_text="The government department or body, for example Homes England."
    )
    name = models.CharField("fund or programme", max_length=200)
    kind = models.CharField(max_length=20, choices=Instrument.choices, default=Instrument.GRANT)
    amount_available = money_field(
        "amount available", null=True, blank=True, help_text="In pounds. Leave blank if not published."
    )
    eligibility = models.TextField("eligibility note", blank=True)
    opens_on = models.DateField("opens on", null=True, blank=True, validators=[validate_date])
    closes_on = models.DateField(
        "closes on",
        null=True,
        blank=True,
        validators=[validate_date],
        help_text="Leave blank for a fund that is always open.",
    )
    link = models.URLField(blank=True, help_text="The funder's page about it.")
    tags = models.ManyToManyField(Tag, blank=True, related_name="opportunities")
    commitments = models.ManyToManyField(
        "partnership.Clause", blank=True, related_name="funding_opportunities"
    )
    history = HistoricalRecords(m2m_fields=[tags, commitments])

    objects = FundingOpportunityQuerySet.as_manager()

    class Meta:
        ordering = ["closes_on", "name"]
        verbose_name_plural = "funding opportunities"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_available__gte=0), name="opportunity_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True)
                | Q(closes_on__isnull=True)
                | Q(closes_on__gte=models.F("opens_on")),
                name="opportunity_closes_after_it_opens",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.funder})"

    def get_absolute_url(self):
        return reverse("funding:opportunity-detail", args=[self.pk])

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": "The closing date must be on or after the opening date."})


class BidQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        return self.filter(opportunity__partnership=partnership)

    def in_progress(self):
        """Being worked on: not yet submitted."""
        return self.filter(status__in=Bid.WORKING)

    def closing_within(self, days: int, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(
            opportunity__closes_on__gte=today,
            opportunity__closes_on__lte=today + datetime.timedelta(days=days),
        )

    def involving(self, organisation_ids):
        return self.filter(
            Q(lead_organisation__in=organisation_ids) | Q(partners__in=organisation_ids)
        ).distinct()

    def with_stage(self):
        """The furthest business case stage reached, or None before a strategic outline case."""
        furthest = BusinessCaseStage.objects.filter(bid=OuterRef("pk")).order_by("-stage").values("stage")[:1]
        return self.annotate(stage=Subquery(furthest, output_field=IntegerField()))

    def with_matched(self):
        matched = (
            MatchFunding.objects.filter(bid=OuterRef("pk"))
            .order_by()
            .values("bid")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        return self.annotate(matched=Coalesce(Subquery(matched), zero_money()))

    def by_stage_and_status(self) -> list[dict]:
        """A row for each business case stage (none yet, SOC, OBC, FBC) with a cell for each status:
        how many bids and how much they request. One query."""
        found = {
            (row["stage"], row["status"]): row
            for row in Bid.objects.filter(pk__in=self.values("pk"))
            .with_stage()
            .order_by()
            .values("stage", "status")
            .annotate(count=Count("pk"), requested=Sum("amount_requested"))
        }
        return [
            {
                "stage": stage,
                "label": stage_label,
                "cells": [
                    {"status": status, "status_label": label, "count": 0, "requested": Decimal(0)}
                    | found.get((stage, status), {})
                    for status, label in Bid.Status.choices
                ],
            }
            for stage, stage_label in [(None, "No business case yet"), *BusinessCaseStage.Stage.choices]
        ]

    def success_rate(self) -> Decimal | None:
        """Successful bids as a share of the decided ones (successful or unsuccessful), 0–100."""
        counts = Bid.objects.filter(pk__in=self.values("pk")).aggregate(
            decided=Count("pk", filter=Q(status__in=Bid.DECIDED)),
            successful=Count("pk", filter=Q(status=Bid.Status.SUCCESSFUL)),
        )
        if not counts["decided"]:
            return None
        return (Decimal(100) * counts["successful"] / counts["decided"]).quantize(Decimal("0.1"))

    def totals_by_organisation(self, organisations):
        """Each organisation annotated with what it requested and was awarded as lead applicant, and
        the match funding it put into these bids. One query."""
        bids = Bid.objects.filter(pk__in=self.values("pk"))
        led = bids.filter(lead_organisation=OuterRef("pk")).order_by().values("lead_organisation")
        matched = (
            MatchFunding.objects.filter(bid__in=bids, organisation=OuterRef("pk"))
            .order_by()
            .values("organisation")
        )
        return organisations.annotate(
            bids_led=Coalesce(Subquery(led.annotate(n=Count("pk")).values("n")), 0),
            requested=Coalesce(Subquery(led.annotate(t=Sum("amount_requested")).values("t")), zero_money()),
            awarded=Coalesce(Subquery(led.annotate(t=Sum("amount_awarded")).values("t")), zero_money()),
            matched=Coalesce(Subquery(matched.annotate(t=Sum("amount")).values("t")), zero_money()),
        )


class Bid(StatusWorkflow, models.Model):
    """The partners' joint application to one funding opportunity."""

    class Status(models.TextChoices):
        IDENTIFIED = "identified", "Identified"
        IN_DEVELOPMENT = "in_development", "In development"
        SUBMITTED = "submitted", "Submitted"
        SUCCESSFUL = "successful", "Successful"
        UNSUCCESSFUL = "unsuccessful", "Unsuccessful"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # Where a bid may go next from each status; a decided or withdrawn bid stays as it is.
    TRANSITIONS: dict[str, list[str]] = {
        Status.IDENTIFIED: [Status.IN_DEVELOPMENT, Status.WITHDRAWN],
        Status.IN_DEVELOPMENT: [Status.SUBMITTED, Status.WITHDRAWN],
        Status.SUBMITTED: [Status.SUCCESSFUL, Status.UNSUCCESSFUL, Status.WITHDRAWN],
        Status.SUCCESSFUL: [],
        Status.UNSUCCESSFUL: [],
        Status.WITHDRAWN: [],
    }
    WORKING = [Status.IDENTIFIED, Status.IN_DEVELOPMENT]
    DECIDED = [Status.SUCCESSFUL, Status.UNSUCCESSFUL]

    opportunity = models.ForeignKey(FundingOpportunity, on_delete=models.PROTECT, related_name="bids")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="led_bids", verbose_name="lead applicant"
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="partner_bids", verbose_name="partner organisations"
    )
    projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="bids", verbose_name="linked projects"
    )
    commitments = models.ManyToManyField("partnership.Clause", blank=True, related_name="bids")
    amount_requested = money_field("amount requested")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IDENTIFIED)
    decision_date = models.DateField("decision date", null=True, blank=True, validators=[validate_date])
    amount_awarded = money_field("amount awarded", null=True, blank=True)
    feedback = models.TextField(blank=True, help_text="What the funder said about the bid.")
    history = HistoricalRecords(m2m_fields=[partners, projects, commitments])

    objects = BidQuerySet.as_manager()

    class Meta:
        ordering = ["opportunity__closes_on", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_requested__gte=0), name="bid_requested_not_negative"),
            models.CheckConstraint(condition=Q(amount_awarded__gte=0), name="bid_awarded_not_negative"),
            models.CheckConstraint(
                condition=Q(amount_awarded__isnull=True)
                | Q(status="successful", decision_date__isnull=False),
                name="bid_awarded_only_when_decided_successful",
            ),
        ]
        indexes = [models.Index(fields=["decision_date"])]  # the review pack reads one period's decisions

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("funding:bid-detail", args=[self.pk])

    def get_edit_url(self):
        return reverse("funding:bid-update", args=[self.pk])

    @property
    def organisation_ids(self) -> set[int]:
        return {self.lead_organisation_id, *(o.pk for o in self.partners.all())}

    def can_edit(self, person) -> bool:
        """Admins, and officers of the lead applicant or a partner organisation."""
        return person.is_authenticated and person.can_edit_for(self.organisation_ids)

    @property
    def lead_officers(self):
        """The lead applicant's officers: they work the bid and are reminded of its closing date."""
        return Person.objects.filter(
            is_active=True,
            memberships__organisation_id=self.lead_organisation_id,
            memberships__role=Membership.Role.OFFICER,
        ).distinct()

    def clean(self):
        errors = self.status_errors()
        if self.amount_awarded is not None:
            if self.status != self.Status.SUCCESSFUL:
                errors["amount_awarded"] = "Only a successful bid has an amount awarded."
            elif self.decision_date is None:
                errors["decision_date"] = "Enter the decision date of the award."
        if self.decision_date and self.status not in self.DECIDED:
            errors["decision_date"] = "Only a successful or unsuccessful bid has a decision date."
        if self.decision_date and self.decision_date > timezone.localdate():
            errors["decision_date"] = "The decision date must be today or in the past."
        if errors:
            raise ValidationError(errors)


class MatchFunding(models.Model):
    """What one organisation puts in alongside the funder's money (2.3.4: joint investment)."""

    class CashOrInKind(models.TextChoices):
        CASH = "cash", "Cash"
        IN_KIND = "in_kind", "In kind"

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="match_funding")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="match_funding")
    amount = money_field("amount")
    kind = models.CharField(max_length=10, choices=CashOrInKind.choices, default=CashOrInKind.CASH)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__short_name", "kind"]
        verbose_name_plural = "match funding"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="match_funding_not_negative"),
            models.UniqueConstraint(
                fields=["bid", "organisation", "kind"], name="one_match_funding_per_organisation_and_kind"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.get_kind_display().lower()} for {self.bid}"


class BusinessCaseStage(models.Model):
    """A stage of the bid's business case as HM Treasury's Green Book sets them out."""

    class Stage(models.IntegerChoices):
        SOC = 1, "Strategic outline case"
        OBC = 2, "Outline business case"
        FBC = 3, "Full business case"

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="business_case_stages")
    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    date = models.DateField(
        help_text="When this stage of the business case was completed.", validators=[validate_date]
    )
    decision = models.ForeignKey(
        "meetings.Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="business_case_stages",
        verbose_name="approving decision",
        help_text="The proposal the boards decided to approve this stage.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["bid", "stage"]
        constraints = [models.UniqueConstraint(fields=["bid", "stage"], name="one_business_case_stage_each")]

    def __str__(self):
        return f"{self.get_stage_display()} for {self.bid}"
