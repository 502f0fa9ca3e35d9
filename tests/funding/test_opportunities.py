"""Officers record the government funds the partners could bid for; everyone reads them."""

import datetime
from decimal import Decimal

import pytest

from funding.models import LONDON_STANSTED_GROWTH_CORRIDOR, FundingOpportunity, Tag
from tests.funding.factories import BidFactory, FundingOpportunityFactory


def form_data(**overrides):
    data = {
        "funder": "Department for Education",
        "name": "Local Skills Improvement Fund",
        "kind": "grant",
        "amount_available": "2500000.00",
        "eligibility": "Led by a combined authority or an employer representative body.",
        "opens_on": "2026-12-01",
        "closes_on": "2027-02-28",
        "link": "https://www.gov.uk/guidance/local-skills-improvement-fund",
    }
    return {**data, **overrides}


def test_an_officer_records_an_opportunity_on_the_growth_corridor(officer_client, partnership, commitment):
    corridor = Tag.growth_corridor()
    response = officer_client.post(
        "/funding/opportunities/new/",
        form_data(tags=[corridor.pk], commitments=[commitment.pk]),
    )
    opportunity = FundingOpportunity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == opportunity.get_absolute_url()
    assert opportunity.partnership == partnership
    assert opportunity.amount_available == Decimal("2500000.00")
    assert list(opportunity.tags.all()) == [corridor]
    assert list(opportunity.commitments.all()) == [commitment]
    page = officer_client.get(opportunity.get_absolute_url())
    assert LONDON_STANSTED_GROWTH_CORRIDOR in page.text
    assert "£2,500,000" in page.text


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"amount_available": "-10"}, "Enter an amount of £0 or more"),
        (
            {"amount_available": "12.345"},
            "Enter an amount in pounds and pence, with no more than 2 decimal places",
        ),
        ({"closes_on": "2026-11-01"}, "The closing date must be on or after the opening date."),
        ({"funder": ""}, "This field is required."),
        ({"link": "not a link"}, "Enter a valid URL."),
    ],
)
def test_bad_input_is_explained_in_the_error_summary_and_nothing_is_saved(officer_client, overrides, message):
    response = officer_client.post("/funding/opportunities/new/", form_data(**overrides))
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert response.text.count(message) >= 2  # in the summary and beside the field
    assert not FundingOpportunity.objects.exists()


def test_an_officer_changes_an_opportunity_and_the_history_shows_it(officer_client, opportunity):
    response = officer_client.post(
        f"/funding/opportunities/{opportunity.pk}/edit/", form_data(name="Brownfield Land Release Fund 2")
    )
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.name == "Brownfield Land Release Fund 2"
    page = officer_client.get(opportunity.get_absolute_url())
    assert "Brownfield Land Release Fund 2" in page.text
    assert "Changed" in page.text


def test_the_list_filters_by_tag_kind_and_text(board_client, partnership):
    corridor = Tag.growth_corridor()
    on_corridor = FundingOpportunityFactory(
        partnership=partnership, name="Corridor growth deal", tags=[corridor]
    )
    loan = FundingOpportunityFactory(partnership=partnership, name="Housing accelerator loan", kind="loan")
    BidFactory(opportunity=loan, lead_organisation=partnership.parties.first())
    page = board_client.get(f"/funding/opportunities/?tag={corridor.pk}")
    assert on_corridor.name in page.text
    assert loan.name not in page.text
    page = board_client.get("/funding/opportunities/?kind=loan")
    assert loan.name in page.text
    assert on_corridor.name not in page.text
    page = board_client.get("/funding/opportunities/?q=accelerator")
    assert loan.name in page.text
    assert on_corridor.name not in page.text


def test_a_closed_opportunity_says_so(board_client, partnership):
    FundingOpportunityFactory(
        partnership=partnership,
        name="Last year's fund",
        opens_on=datetime.date(2025, 6, 1),
        closes_on=datetime.date(2025, 9, 1),
    )
    assert "(closed)" in board_client.get("/funding/opportunities/").text
