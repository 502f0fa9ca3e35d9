import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from funding.models import Bid, BusinessCaseStage, Tag
from tests.browser.conftest import assert_accessible, axe_violations, sign_in
from tests.funding.factories import (
    BidFactory,
    BusinessCaseStageFactory,
    FundingOpportunityFactory,
    MatchFundingFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bid(partnership, hlep, cpca, commitment):
    opportunity = FundingOpportunityFactory(
        partnership=partnership,
        funder="Department for Education",
        name="Skills Bootcamps",
        closes_on=datetime.date.today() + datetime.timedelta(days=30),
        tags=[Tag.growth_corridor()],
        commitments=[commitment],
    )
    bid = BidFactory(
        opportunity=opportunity,
        lead_organisation=hlep,
        partners=[cpca],
        commitments=[commitment],
        title="Green skills bootcamps",
        amount_requested=Decimal("800000"),
    )
    MatchFundingFactory(bid=bid, organisation=cpca, amount=Decimal("100000"))
    BusinessCaseStageFactory(bid=bid, stage=BusinessCaseStage.Stage.SOC, date=datetime.date(2026, 1, 10))
    BidFactory(
        opportunity=opportunity,
        lead_organisation=cpca,
        title="Fenland digital skills",
        status=Bid.Status.UNSUCCESSFUL,
        decision_date=datetime.date(2026, 1, 20),
    )
    return bid


def test_a_board_member_reads_accessible_funding_pages(page, hlep_board_member, bid):
    sign_in(page, hlep_board_member)
    for path in [
        "/funding/",
        "/funding/?status=in_development",
        "/funding/opportunities/",
        bid.opportunity.get_absolute_url(),
        bid.get_absolute_url(),
    ]:
        assert_accessible(page, path)


def test_an_officer_changes_funding_on_accessible_pages(page, hlep_officer, bid):
    sign_in(page, hlep_officer)
    for path in [
        "/funding/opportunities/new/",
        f"/funding/opportunities/{bid.opportunity.pk}/edit/",
        f"/funding/bids/new/?opportunity={bid.opportunity.pk}",
        bid.get_edit_url(),
    ]:
        assert_accessible(page, path)


def test_a_bid_with_errors_is_still_accessible(page, hlep_officer, bid):
    sign_in(page, hlep_officer)
    page.goto(bid.get_edit_url())
    page.get_by_label("Title").fill("")
    page.locator("#id_match-1-amount").fill("-5")
    page.get_by_role("button", name="Save the bid").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator('.govuk-error-summary a[href="#id_title"]')).to_have_text("This field is required.")
    expect(page.get_by_role("link", name="Enter an amount of £0 or more")).to_be_visible()
    assert axe_violations(page) == []
