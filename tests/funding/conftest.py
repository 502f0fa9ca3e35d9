import datetime

import pytest
import time_machine

from meetings.models import Decision, Proposal
from tests.funding.factories import BidFactory, FundingOpportunityFactory

# Every funding test runs on a fixed day, so closing dates and decision dates read plainly.
TODAY = datetime.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def opportunity(partnership):
    return FundingOpportunityFactory(
        partnership=partnership,
        funder="Homes England",
        name="Brownfield Infrastructure and Land Fund",
        closes_on=datetime.date(2027, 1, 15),
    )


@pytest.fixture
def hlep_bid(opportunity, hlep):
    """Led by HLEP alone."""
    return BidFactory(opportunity=opportunity, lead_organisation=hlep, title="Harlow housing infrastructure")


@pytest.fixture
def joint_bid(opportunity, hlep, cpca):
    """Led by HLEP with CPCA as partner."""
    return BidFactory(
        opportunity=opportunity, lead_organisation=hlep, partners=[cpca], title="Corridor skills bootcamps"
    )


@pytest.fixture
def agreed_proposal(partnership, hlep, cpca):
    """A proposal both boards approved."""
    proposal = Proposal.objects.create(
        partnership=partnership, title="Approve the SOC", summary="For approval."
    )
    for organisation in (hlep, cpca):
        Decision.objects.create(
            proposal=proposal, board=organisation.board, outcome=Decision.Outcome.APPROVED, decided_on=TODAY
        )
    return proposal


@pytest.fixture
def pending_proposal(partnership):
    return Proposal.objects.create(partnership=partnership, title="Approve the OBC", summary="For approval.")
