from django.db import transaction

from .forms import BidForm, MatchFundingFormSet, OpportunityForm, StageFormSet
from .models import Bid, FundingOpportunity
from .reminders import plan_closing_reminders


def save_bid(*, form: BidForm, match_funding: MatchFundingFormSet, stages: StageFormSet) -> Bid:
    """The bid, its match funding and its business case stages: all saved, or none. Its lead
    officers' closing-date reminders are planned in the same transaction (the outbox)."""
    with transaction.atomic():
        bid = form.save()
        for formset in (match_funding, stages):
            formset.instance = bid
            formset.save()
        plan_closing_reminders(bid)
    return bid


def save_opportunity(*, form: OpportunityForm) -> FundingOpportunity:
    """A moved closing date moves the reminders of the bids being worked on for it."""
    with transaction.atomic():
        opportunity = form.save()
        if "closes_on" in form.changed_data:
            for bid in opportunity.bids.in_progress().select_related("opportunity"):
                plan_closing_reminders(bid)
    return opportunity
