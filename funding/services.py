"""Workflows that write a bid or an opportunity with what hangs off it, each in one transaction that
also plans the reminders (the outbox)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Manager

from partnership.models import Partnership, Person
from partnership.writes import refuse_lead_change, save_record, set_rows

from .models import Bid, FundingOpportunity
from .reminders import plan_closing_reminders

ROWS_CHANGED = (
    "Another person removed one of these rows while you were changing the bid. "
    "The rows below are the bid's rows now: make your changes again."
)


def create_bid(*, match_funding: list[dict], stages: list[dict], by: Person, **values: Any) -> Bid:
    """A new bid with its match funding and business case stages: all saved, or none."""
    return _save_bid(Bid(), match_funding=match_funding, stages=stages, by=by, values=values)


def update_bid(bid: Bid, *, match_funding: list[dict], stages: list[dict], by: Person, **values: Any) -> Bid:
    """The bid's fields, and its match funding and stages made exactly the rows given (see
    partnership.writes.set_rows): all saved, or none."""
    refuse_lead_change(bid, values, by=by)
    return _save_bid(bid, match_funding=match_funding, stages=stages, by=by, values=values)


def _save_bid(bid: Bid, *, match_funding: list[dict], stages: list[dict], by: Person, values: dict) -> Bid:
    # The lead officers' closing-date reminders are planned in the same transaction (the outbox).
    with transaction.atomic():
        save_record(bid, values, by=by)
        _set_rows(bid.match_funding, match_funding, by=by, sent_as="match_funding")
        _set_rows(bid.business_case_stages, stages, by=by, sent_as="stages")
        plan_closing_reminders(bid)
    return bid


def _set_rows(rows: Manager[Any], wanted: list[dict], *, by: Person, sent_as: str) -> None:
    """set_rows, once the rows sent are still the bid's: a row another person removed after the
    page was checked is a ValidationError under `sent_as`. The bid saved just before holds its row
    lock, so edits of the same bid's rows wait for one another."""
    kept = {values["id"] for values in wanted if values.get("id") is not None}
    if not kept <= set(rows.values_list("pk", flat=True)):
        raise ValidationError({sent_as: ROWS_CHANGED})
    set_rows(rows, wanted, by=by)


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
