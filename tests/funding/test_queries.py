"""The funding pages run the same number of queries with few records as with many."""

import datetime
from decimal import Decimal

import pytest

from funding.models import Bid, BusinessCaseStage, Tag
from tests.funding.factories import (
    BidFactory,
    BusinessCaseStageFactory,
    FundingOpportunityFactory,
    MatchFundingFactory,
)
from tests.projects.factories import ProjectFactory


@pytest.fixture
def make_bids(partnership, hlep, cpca, commitment, agreed_proposal):
    corridor = Tag.growth_corridor()
    opportunity = FundingOpportunityFactory(
        partnership=partnership, tags=[corridor], commitments=[commitment]
    )

    def make(count):
        statuses = list(Bid.Status)
        for n in range(count):
            other = FundingOpportunityFactory(
                partnership=partnership,
                closes_on=datetime.date(2026, 12, 1) + datetime.timedelta(days=n),
                tags=[corridor],
            )
            status = statuses[n % len(statuses)]
            bid = BidFactory(
                opportunity=opportunity if n % 2 else other,
                lead_organisation=hlep if n % 2 else cpca,
                partners=[cpca if n % 2 else hlep],
                commitments=[commitment],
                projects=[ProjectFactory(partnership=partnership, lead_organisation=hlep)],
                status=status,
                decision_date=datetime.date(2026, 10, 1) if status in Bid.DECIDED else None,
                amount_awarded=Decimal("1000") if status == Bid.Status.SUCCESSFUL else None,
            )
            MatchFundingFactory(bid=bid, organisation=hlep)
            MatchFundingFactory(bid=bid, organisation=cpca, kind="in_kind")
            BusinessCaseStageFactory(bid=bid, stage=BusinessCaseStage.Stage.SOC, decision=agreed_proposal)
            BusinessCaseStageFactory(
                bid=bid, stage=BusinessCaseStage.Stage.OBC, date=datetime.date(2026, 11, 1)
            )
        return opportunity

    return make


# (page, queries): session, person and roles, partnership, filter choices, then the page's own.
PAGES = [
    ("/funding/", 20),
    ("/funding/?status=in_development&stage=1&q=bid", 17),
    ("/funding/export.csv", 10),
    ("/funding/export.xlsx", 10),
    ("/funding/opportunities/", 14),
    # Their history reads each kind of link (tags, commitments; partners, projects, commitments) and
    # names what changed, a query each.
    ("opportunity", 18),
    ("bid", 24),
]


@pytest.mark.parametrize("path, count", PAGES)
def test_funding_pages_run_the_same_queries_at_two_sizes(
    board_client, make_bids, django_assert_num_queries, path, count
):
    opportunity = make_bids(3)
    pages = {
        "opportunity": opportunity.get_absolute_url(),
        "bid": opportunity.bids.order_by("pk").first().get_absolute_url(),
    }
    url = pages.get(path, path)
    with django_assert_num_queries(count):
        assert board_client.get(url).status_code == 200
    make_bids(30)
    with django_assert_num_queries(count):
        assert board_client.get(url).status_code == 200
