"""Closing dates of the opportunities a person's organisation is bidding for, for their calendar feed.

`closing_dates_for` has the shape of meetings.calendar's FEED_SOURCES: a function of a person that
yields icalendar events (all-day, with a stable UID, summary and link).
"""

from collections.abc import Iterator

from icalendar import Event

from meetings.calendar import all_day_event
from partnership.models import Membership
from partnership.site import absolute_url

from .models import Bid, FundingOpportunity


def closing_dates_for(person) -> Iterator[Event]:
    """One all-day event per opportunity with a closing date that a bid is being worked on for, where
    the person is an officer of the lead applicant or a partner: the people who work the bid (and may
    edit it). Board members and other organisations' admins are not asked to meet the date."""
    working_for = [
        organisation_id
        for organisation_id, roles in person.roles_by_organisation.items()
        if Membership.Role.OFFICER in roles
    ]
    bids = Bid.objects.in_progress().involving(working_for)
    # An always-open fund (no closing date) has no date to show.
    opportunities = FundingOpportunity.objects.filter(
        pk__in=bids.values("opportunity"), closes_on__isnull=False
    ).order_by("closes_on", "pk")
    for opportunity in opportunities:
        yield all_day_event(
            f"funding-closes-{opportunity.pk}@accord",
            opportunity.closes_on,
            f"Funding closes: {opportunity.name} ({opportunity.funder})",
            absolute_url(opportunity.get_absolute_url()),
        )
