"""Closing dates of the opportunities a person's organisation is bidding for, for their calendar feed.

`closing_dates_for` has the shape of meetings.calendar's FEED_SOURCES: a function of a person that
yields icalendar events (all-day, with a stable UID, summary and link).
"""

from collections.abc import Iterator

from icalendar import Event

from meetings.calendar import all_day_event
from partnership.site import absolute_url

from .models import Bid, FundingOpportunity


def closing_dates_for(person) -> Iterator[Event]:
    """One all-day event per opportunity with a closing date that a bid is being worked on for, where
    one of the person's organisations (whatever their role there) is the lead applicant or a partner."""
    bids = Bid.objects.in_progress().involving(person.organisation_ids)
    opportunities = FundingOpportunity.objects.filter(pk__in=bids.values("opportunity")).order_by(
        "closes_on", "pk"
    )
    for opportunity in opportunities:
        yield all_day_event(
            f"funding-closes-{opportunity.pk}@accord",
            opportunity.closes_on,
            f"Funding closes: {opportunity.name} ({opportunity.funder})",
            absolute_url(opportunity.get_absolute_url()),
        )
