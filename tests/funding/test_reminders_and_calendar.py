"""The bid's lead officers are reminded before the closing date through the reminders outbox, and
closing dates of bids being worked on appear in the calendar feeds of the organisations involved."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from funding.calendar import closing_dates_for
from funding.models import Bid
from reminders import services as reminders
from reminders.models import Delivery, Reminder
from tests.funding.factories import BidFactory, FundingOpportunityFactory
from tests.funding.test_bids import bid_data


def planned(bid):
    return sorted(
        timezone.localtime(r.due_at).strftime("%Y-%m-%d %H:%M")
        for r in Reminder.objects.for_record(bid).filter(kind="bid_closing", status=Reminder.Status.PLANNED)
    )


def test_saving_a_bid_plans_reminders_14_and_3_days_before_it_closes(officer_client, opportunity, hlep):
    officer_client.post("/funding/bids/new/", bid_data(opportunity, hlep))
    bid = Bid.objects.get()
    assert planned(bid) == ["2027-01-01 08:00", "2027-01-12 08:00"]
    # Saving again without moving the date plans nothing more.
    officer_client.post(bid.get_edit_url(), bid_data(opportunity, hlep, title="Renamed"))
    assert Reminder.objects.for_record(bid).count() == 2


def test_the_lead_officers_get_the_reminder_and_nobody_else(
    officer_client, opportunity, hlep, cpca, hlep_officer, cpca_officer, hlep_board_member, mailoutbox
):
    officer_client.post("/funding/bids/new/", bid_data(opportunity, hlep, partners=[cpca.pk]))
    with time_machine.travel(datetime.datetime(2027, 1, 1, 8, 1, tzinfo=datetime.UTC), tick=False):
        assert reminders.dispatch_due() == 1
        for delivery in Delivery.objects.all():
            reminders.deliver(delivery.pk)
    assert [m.to for m in mailoutbox] == [[hlep_officer.email]]
    message = mailoutbox[0]
    assert "Brownfield Infrastructure and Land Fund closes 15 January" in message.subject
    assert "You are an officer of the bid" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_a_submitted_bid_is_not_reminded(officer_client, opportunity, hlep, mailoutbox):
    officer_client.post("/funding/bids/new/", bid_data(opportunity, hlep))
    bid = Bid.objects.get()
    officer_client.post(bid.get_edit_url(), bid_data(opportunity, hlep, status="submitted"))
    assert planned(bid) == []
    with time_machine.travel(datetime.datetime(2027, 1, 12, 9, 0, tzinfo=datetime.UTC), tick=False):
        reminders.dispatch_due()
    assert not Delivery.objects.exists()
    assert mailoutbox == []


def test_moving_the_closing_date_moves_the_reminders(officer_client, opportunity, hlep):
    officer_client.post("/funding/bids/new/", bid_data(opportunity, hlep))
    bid = Bid.objects.get()
    officer_client.post(
        f"/funding/opportunities/{opportunity.pk}/edit/",
        {"funder": opportunity.funder, "name": opportunity.name, "kind": "grant", "closes_on": "2027-02-26"},
    )
    assert planned(bid) == ["2027-02-12 08:00", "2027-02-23 08:00"]


def test_the_calendar_shows_closing_dates_of_bids_my_organisation_works_on(
    partnership, hlep, cpca, hlep_officer, cpca_officer, cpca_board_member, hlep_board_member
):
    soon = FundingOpportunityFactory(partnership=partnership, name="UK Shared Prosperity Fund")
    other = FundingOpportunityFactory(partnership=partnership, name="Levelling Up Fund")
    unworked = FundingOpportunityFactory(partnership=partnership, name="Nobody is bidding")
    BidFactory(opportunity=soon, lead_organisation=cpca, partners=[hlep], status=Bid.Status.IDENTIFIED)
    BidFactory(opportunity=soon, lead_organisation=hlep)  # the same date once, not twice
    BidFactory(opportunity=other, lead_organisation=cpca, status=Bid.Status.SUBMITTED)
    assert unworked.bids.count() == 0

    events = list(closing_dates_for(hlep_officer))
    assert [str(e["summary"]) for e in events] == [
        f"Funding closes: UK Shared Prosperity Fund ({soon.funder})"
    ]
    event = events[0]
    assert str(event["uid"]) == f"funding-closes-{soon.pk}@accord"
    assert event.decoded("dtstart") == soon.closes_on
    assert str(event["url"]).endswith(f"/funding/opportunities/{soon.pk}/")
    assert len(list(closing_dates_for(cpca_officer))) == 1


def test_only_the_officers_who_work_the_bid_see_its_closing_date(
    partnership, hlep, cpca, hlep_board_member, cpca_board_member, admin_person, hlep_officer
):
    """Board members decide, they do not write bids; an admin is not an officer of every bid's lead."""
    BidFactory(opportunity=FundingOpportunityFactory(partnership=partnership), lead_organisation=cpca)
    for person in (hlep_board_member, cpca_board_member, admin_person, hlep_officer):
        assert list(closing_dates_for(person)) == []


def test_a_fund_that_is_always_open_has_no_closing_date_in_the_feed(partnership, hlep, hlep_officer):
    from meetings.calendar import person_feed

    always_open = FundingOpportunityFactory(partnership=partnership, name="Always open", closes_on=None)
    BidFactory(opportunity=always_open, lead_organisation=hlep)
    assert list(closing_dates_for(hlep_officer)) == []
    assert b"Always open" not in person_feed(hlep_officer)


def test_nobody_outside_the_bid_sees_its_closing_date(partnership, hlep, outsider, nobody):
    BidFactory(opportunity=FundingOpportunityFactory(partnership=partnership), lead_organisation=hlep)
    assert list(closing_dates_for(outsider)) == []
    assert list(closing_dates_for(nobody)) == []


@pytest.mark.parametrize("status", [Bid.Status.IDENTIFIED, Bid.Status.IN_DEVELOPMENT])
def test_bids_being_worked_on_count_as_working(status):
    assert status in Bid.WORKING


def test_closing_dates_reach_the_personal_calendar_feed(hlep_officer, partnership, hlep):
    from meetings.calendar import person_feed
    from tests.funding.factories import BidFactory, FundingOpportunityFactory

    opportunity = FundingOpportunityFactory(partnership=partnership, name="Gigabit corridor fund")
    BidFactory(opportunity=opportunity, lead_organisation=hlep)
    assert b"Funding closes: Gigabit corridor fund" in person_feed(hlep_officer)
