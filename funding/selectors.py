"""Reads of funding that span several models."""

from partnership.models import Partnership

from .models import Bid, BidQuerySet


def pipeline_bids(partnership: Partnership) -> BidQuerySet:
    """The partnership's bids as the pipeline and its export show them: with their stage and match
    funding, their opportunity, lead applicant and partners, soonest closing first."""
    return (
        Bid.objects.for_partnership(partnership)
        .with_stage()
        .with_matched()
        .select_related("opportunity", "lead_organisation")
        .prefetch_related("partners")
        .order_by("opportunity__closes_on", "title", "pk")
    )
