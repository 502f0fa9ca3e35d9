"""The rules a bid keeps whatever page or script changes it: money never negative, an award only for a
successful bid with a decision date, statuses only along the allowed path."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from funding.models import LONDON_STANSTED_GROWTH_CORRIDOR, Bid, BusinessCaseStage, FundingOpportunity, Tag
from tests.funding.factories import (
    BidFactory,
    BusinessCaseStageFactory,
    FundingOpportunityFactory,
    MatchFundingFactory,
)

pytestmark = pytest.mark.django_db


def test_the_migration_makes_the_london_stansted_growth_corridor_tag():
    Tag.objects.all().delete()
    migration = importlib.import_module("funding.migrations.0001_initial")
    migration.add_growth_corridor_tag(django_apps, schema_editor=None)
    migration.add_growth_corridor_tag(django_apps, schema_editor=None)
    assert list(Tag.objects.values_list("name", flat=True)) == [LONDON_STANSTED_GROWTH_CORRIDOR]


@pytest.mark.parametrize(
    "make",
    [
        lambda bid: BidFactory(
            opportunity=bid.opportunity,
            lead_organisation=bid.lead_organisation,
            amount_requested=Decimal("-1"),
        ),
        lambda bid: MatchFundingFactory(bid=bid, amount=Decimal("-0.01")),
        lambda bid: FundingOpportunityFactory(
            partnership=bid.opportunity.partnership, amount_available=Decimal("-5")
        ),
    ],
    ids=["requested", "match funding", "available"],
)
def test_the_database_refuses_negative_money(hlep_bid, make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make(hlep_bid)


def test_the_database_refuses_an_award_without_a_decision_date(hlep_bid):
    Bid.objects.filter(pk=hlep_bid.pk).update(status=Bid.Status.SUCCESSFUL)
    with pytest.raises(IntegrityError), transaction.atomic():
        Bid.objects.filter(pk=hlep_bid.pk).update(amount_awarded=Decimal("100000"))


def test_the_database_refuses_an_award_to_an_unsuccessful_bid(hlep_bid):
    with pytest.raises(IntegrityError), transaction.atomic():
        Bid.objects.filter(pk=hlep_bid.pk).update(
            status=Bid.Status.UNSUCCESSFUL,
            decision_date=datetime.date(2026, 11, 1),
            amount_awarded=Decimal("1"),
        )


def test_an_award_without_a_decision_date_is_explained(hlep_bid):
    bid = Bid.objects.get(pk=hlep_bid.pk)
    bid.status = Bid.Status.SUBMITTED
    bid.save()
    bid.status = Bid.Status.SUCCESSFUL
    bid.amount_awarded = Decimal("200000")
    with pytest.raises(ValidationError) as error:
        bid.full_clean()
    assert error.value.message_dict == {"decision_date": ["Enter the decision date of the award."]}


def test_an_award_may_exceed_the_amount_requested(hlep_bid):
    Bid.objects.filter(pk=hlep_bid.pk).update(status=Bid.Status.SUBMITTED)
    bid = Bid.objects.get(pk=hlep_bid.pk)
    bid.status = Bid.Status.SUCCESSFUL
    bid.decision_date = datetime.date(2026, 11, 20)
    bid.amount_awarded = bid.amount_requested + 1
    bid.full_clean()
    bid.save()
    assert Bid.objects.get(pk=bid.pk).amount_awarded == Decimal("250001")


@pytest.mark.parametrize(
    "saved, wanted, allowed",
    [
        (Bid.Status.IDENTIFIED, Bid.Status.IN_DEVELOPMENT, True),
        (Bid.Status.IDENTIFIED, Bid.Status.SUBMITTED, False),
        (Bid.Status.IN_DEVELOPMENT, Bid.Status.SUBMITTED, True),
        (Bid.Status.IN_DEVELOPMENT, Bid.Status.SUCCESSFUL, False),
        (Bid.Status.SUBMITTED, Bid.Status.UNSUCCESSFUL, True),
        (Bid.Status.SUBMITTED, Bid.Status.WITHDRAWN, True),
        (Bid.Status.SUCCESSFUL, Bid.Status.IN_DEVELOPMENT, False),
        (Bid.Status.WITHDRAWN, Bid.Status.IDENTIFIED, False),
    ],
)
def test_a_bid_moves_only_along_the_allowed_path(hlep_bid, saved, wanted, allowed):
    Bid.objects.filter(pk=hlep_bid.pk).update(status=saved)
    bid = Bid.objects.get(pk=hlep_bid.pk)
    bid.status = wanted
    if wanted in Bid.DECIDED:
        bid.decision_date = datetime.date(2026, 11, 20)
    if allowed:
        bid.full_clean()
    else:
        with pytest.raises(ValidationError) as error:
            bid.full_clean()
        assert "status" in error.value.message_dict


def test_a_new_bid_may_be_recorded_at_any_status(opportunity, hlep):
    bid = Bid(opportunity=opportunity, lead_organisation=hlep, title="Won last year", amount_requested=1)
    assert bid.next_statuses() == list(Bid.Status.values)


def test_lead_officers_are_the_lead_applicants_active_officers(
    hlep_bid, hlep_officer, cpca_officer, hlep_board_member
):
    assert list(hlep_bid.lead_officers) == [hlep_officer]


class TestWhatTheDashboardReads:
    @pytest.fixture
    def bids(self, partnership, hlep, cpca):
        opportunity = FundingOpportunityFactory(partnership=partnership)
        decided = datetime.date(2026, 10, 1)
        won = BidFactory(
            opportunity=opportunity,
            lead_organisation=hlep,
            partners=[cpca],
            status=Bid.Status.SUCCESSFUL,
            decision_date=decided,
            amount_requested=Decimal("300000.50"),
            amount_awarded=Decimal("250000"),
        )
        lost = BidFactory(
            opportunity=opportunity,
            lead_organisation=cpca,
            status=Bid.Status.UNSUCCESSFUL,
            decision_date=decided,
            amount_requested=Decimal("100000"),
        )
        another_lost = BidFactory(
            opportunity=opportunity,
            lead_organisation=cpca,
            status=Bid.Status.UNSUCCESSFUL,
            decision_date=decided,
            amount_requested=Decimal("50000"),
        )
        working = BidFactory(
            opportunity=opportunity, lead_organisation=hlep, amount_requested=Decimal("75000")
        )
        MatchFundingFactory(bid=won, organisation=hlep, amount=Decimal("40000"))
        MatchFundingFactory(bid=won, organisation=cpca, amount=Decimal("10000.25"))
        MatchFundingFactory(bid=won, organisation=cpca, kind="in_kind", amount=Decimal("5000"))
        MatchFundingFactory(bid=lost, organisation=cpca, amount=Decimal("20000"))
        return won, lost, another_lost, working

    def test_success_rate_is_successful_over_decided(self, bids):
        assert Bid.objects.success_rate() == Decimal("33.3")
        assert Bid.objects.filter(status=Bid.Status.IN_DEVELOPMENT).success_rate() is None

    def test_totals_per_organisation_count_the_lead_for_requests_and_each_party_for_match_funding(
        self, bids, partnership
    ):
        totals = {o.short_name: o for o in Bid.objects.totals_by_organisation(partnership.parties.all())}
        assert totals["HLEP"].requested == Decimal("375000.50")
        assert totals["HLEP"].awarded == Decimal("250000")
        assert totals["HLEP"].matched == Decimal("40000")
        assert totals["HLEP"].bids_led == 2
        assert totals["CPCA"].requested == Decimal("150000")
        assert totals["CPCA"].awarded == Decimal("0")
        assert totals["CPCA"].matched == Decimal("35000.25")

    def test_totals_follow_the_bids_they_are_given(self, bids, partnership):
        won = bids[0]
        totals = {
            o.short_name: o
            for o in Bid.objects.filter(pk=won.pk).totals_by_organisation(partnership.parties.all())
        }
        assert totals["CPCA"].requested == 0
        assert totals["CPCA"].matched == Decimal("15000.25")

    def test_matched_is_annotated_per_bid(self, bids):
        won = Bid.objects.with_matched().get(pk=bids[0].pk)
        assert won.matched == Decimal("55000.25")
        working = Bid.objects.with_matched().get(pk=bids[3].pk)
        assert working.matched == Decimal("0")

    def test_the_furthest_business_case_stage_is_the_bids_stage(self, bids):
        won, lost, _, working = bids
        BusinessCaseStageFactory(bid=won, stage=BusinessCaseStage.Stage.SOC)
        BusinessCaseStageFactory(bid=won, stage=BusinessCaseStage.Stage.OBC, date=datetime.date(2026, 11, 1))
        stages = dict(Bid.objects.with_stage().values_list("pk", "stage"))
        assert stages[won.pk] == BusinessCaseStage.Stage.OBC
        assert stages[working.pk] is None

    def test_bids_by_stage_and_status(self, bids):
        BusinessCaseStageFactory(bid=bids[0], stage=BusinessCaseStage.Stage.SOC)
        matrix = {
            row["stage"]: {c["status"]: c for c in row["cells"]} for row in Bid.objects.by_stage_and_status()
        }
        assert matrix[BusinessCaseStage.Stage.SOC][Bid.Status.SUCCESSFUL]["count"] == 1
        assert matrix[None][Bid.Status.UNSUCCESSFUL]["count"] == 2
        assert matrix[None][Bid.Status.UNSUCCESSFUL]["requested"] == Decimal("150000")
        assert matrix[BusinessCaseStage.Stage.FBC][Bid.Status.SUBMITTED]["count"] == 0


def test_deadlines_in_the_next_days_are_bids_being_worked_on(partnership, hlep):
    soon = FundingOpportunityFactory(partnership=partnership, closes_on=datetime.date(2026, 12, 10))
    later = FundingOpportunityFactory(partnership=partnership, closes_on=datetime.date(2027, 6, 1))
    past = FundingOpportunityFactory(
        partnership=partnership, opens_on=datetime.date(2026, 1, 1), closes_on=datetime.date(2026, 11, 1)
    )
    working = BidFactory(opportunity=soon, lead_organisation=hlep, status=Bid.Status.IDENTIFIED)
    BidFactory(opportunity=soon, lead_organisation=hlep, status=Bid.Status.SUBMITTED)
    BidFactory(opportunity=later, lead_organisation=hlep)
    BidFactory(opportunity=past, lead_organisation=hlep)
    assert list(Bid.objects.in_progress().closing_within(90)) == [working]
    assert list(FundingOpportunity.objects.closing_within(90)) == [soon]
