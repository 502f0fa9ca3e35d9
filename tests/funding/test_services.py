"""Funding's one door for writes: values in, the acting person named, all saved or none."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from funding.models import BusinessCaseStage, MatchFunding
from funding.services import create_bid, update_bid, update_opportunity
from reminders.models import Reminder
from tests.funding.factories import MatchFundingFactory

pytestmark = pytest.mark.django_db


def test_a_bid_started_outside_a_request_names_who_started_it(opportunity, hlep, cpca, hlep_officer):
    bid = create_bid(
        by=hlep_officer,
        opportunity=opportunity,
        title="Corridor labs",
        lead_organisation=hlep,
        partners=[cpca],
        amount_requested=Decimal("250000"),
        match_funding=[
            {"organisation": cpca, "kind": MatchFunding.CashOrInKind.CASH, "amount": Decimal("1000")}
        ],
        stages=[{"stage": BusinessCaseStage.Stage.SOC, "date": datetime.date(2026, 10, 1), "decision": None}],
    )

    assert list(bid.partners.all()) == [cpca]
    assert bid.history.get().history_user == hlep_officer
    assert bid.match_funding.get().history.get().history_user == hlep_officer
    assert bid.business_case_stages.count() == 1


def test_a_bid_whose_rows_cannot_be_saved_keeps_everything_as_it_was(hlep_bid, joint_bid, hlep_officer):
    mine = MatchFundingFactory(bid=hlep_bid)
    theirs = MatchFundingFactory(bid=joint_bid)
    reminders_before = Reminder.objects.count()

    with pytest.raises(ValidationError):  # a row not the bid's (removed meanwhile, or another bid's)
        update_bid(
            hlep_bid,
            by=hlep_officer,
            title="Changed",
            match_funding=[{"id": theirs.pk, "amount": Decimal("1")}],
            stages=[],
        )

    hlep_bid.refresh_from_db()
    assert hlep_bid.title == "Harlow housing infrastructure"
    assert list(hlep_bid.match_funding.all()) == [mine]
    assert Reminder.objects.count() == reminders_before


def test_only_a_moved_closing_date_replans_the_bids_reminders(opportunity, hlep_bid, hlep_officer):
    planned = set(Reminder.objects.for_record(hlep_bid).values_list("pk", flat=True))

    update_opportunity(opportunity, by=hlep_officer, name="Renamed fund")
    assert set(Reminder.objects.for_record(hlep_bid).values_list("pk", flat=True)) == planned

    update_opportunity(opportunity, by=hlep_officer, closes_on=datetime.date(2027, 2, 15))
    assert (
        Reminder.objects.for_record(hlep_bid)
        .filter(status=Reminder.Status.PLANNED)
        .exclude(pk__in=planned)
        .exists()
    )
    # The clock stands still in these tests: the last change is the one written last.
    assert opportunity.history.order_by("-history_id").first().history_user == hlep_officer
