"""Reminders of a bid's closing date to its lead officers, through the reminders app's outbox.

Planned by `plan_closing_reminders` inside the transaction that saves the bid or moves its
opportunity's closing date; the email is templates/email/bid_closing.*.
"""

from reminders.kinds import ReminderKind, register
from reminders.models import Reminder
from reminders.services import cancel_planned, replan_before

from .models import Bid

BID_CLOSING = register(
    ReminderKind(
        name="bid_closing",
        label="Bid closing soon",
        record_model="funding.Bid",
        recipients=lambda bid: bid.lead_officers,
        partnership=lambda bid: bid.opportunity.partnership,
        reason="You are an officer of the bid's lead applicant, and the bid has not been submitted yet.",
        anchor=lambda bid: bid.opportunity.closes_on,
        default_offsets=(14, 3),
        still_due=lambda bid, reminder: bid.status in Bid.WORKING,
    )
)


def plan_closing_reminders(bid: Bid) -> None:
    """Plan the bid's closing-date reminders, unless the ones planned already fit; a bid no longer
    being worked on has its planned ones cancelled."""
    if bid.status not in Bid.WORKING:
        cancel_planned(bid, kinds=[BID_CLOSING.name])
        return
    closes_on = bid.opportunity.closes_on
    planned_for = {
        reminder.context.get("anchor")
        for reminder in Reminder.objects.for_record(bid).filter(
            kind=BID_CLOSING.name, status=Reminder.Status.PLANNED
        )
    }
    if planned_for == {closes_on.isoformat() if closes_on else ""}:
        return
    replan_before(BID_CLOSING.name, bid)
