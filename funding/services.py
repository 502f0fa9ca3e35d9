"""Workflows that write a bid or an opportunity with what hangs off it, each in one transaction that
also plans the reminders (the outbox)."""

from typing import Any

from django.db import transaction

from partnership.models import Partnership, Person
from partnership.writes import save_record, set_rows

from .models import Bid, FundingOpportunity
from .reminders import plan_closing_reminders


def create_bid(*, match_funding: list[dict], stages: list[dict], by: Person, **values: Any) -> Bid:
    """A new bid with its match funding and business case stages: all saved, or none."""
    return _save_bid(Bid(), match_funding=match_funding, stages=stages, by=by, values=values)


def update_bid(bid: Bid, *, match_funding: list[dict], stages: list[dict], by: Person, **values: Any) -> Bid:
    """The bid's fields, and its match funding and stages made exactly the rows given (see
    partnership.writes.set_rows): all saved, or none."""
    return _save_bid(bid, match_funding=match_funding, stages=stages, by=by, values=values)


def _save_bid(bid: Bid, *, match_funding: list[dict], stages: list[dict], by: Person, values: dict) -> Bid:
    # The lead officers' closing-date reminders are planned in the same transaction (the outbox).
    with transaction.atomic():
        save_record(bid, values, by=by)
        set_rows(bid.match_funding, match_funding, by=by)
        set_rows(bid.business_case_stages, stages, by=by)
        plan_closing_reminders(bid)
    return bid


def create_opportunity(*, partnership: Partnership, by: Person, **values: Any) -> FundingOpportunity:
    with transaction.atomic():
        return save_record(FundingOpportunity(partnership=partnership), values, by=by)


def update_opportunity(opportunity: FundingOpportunity, *, by: Person, **values: Any) -> FundingOpportunity:
    """A moved closing date moves the reminders of the bids being worked on for it."""
    with transaction.atomic():
        saved = FundingOpportunity.objects.select_for_update().get(pk=opportunity.pk)
        save_record(opportunity, values, by=by)
        if opportunity.closes_on != saved.closes_on:
            for bid in opportunity.bids.in_progress().select_related("opportunity"):
                plan_closing_reminders(bid)
    return opportunity
