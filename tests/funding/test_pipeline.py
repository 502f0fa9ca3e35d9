"""The pipeline page: bids by stage and status, totals per organisation, the success rate, what closes
in the next 90 days; filtered like the projects list, and downloadable as CSV or Excel."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from funding.models import Bid, BusinessCaseStage, Tag
from tests.funding.factories import (
    BidFactory,
    BusinessCaseStageFactory,
    FundingOpportunityFactory,
    MatchFundingFactory,
)
from tests.spreadsheets import about, assert_well_made


@pytest.fixture
def pipeline(partnership, hlep, cpca, commitment):
    corridor = Tag.growth_corridor()
    skills = FundingOpportunityFactory(
        partnership=partnership,
        funder="Department for Education",
        name="Skills Bootcamps",
        closes_on=datetime.date(2026, 12, 20),
        tags=[corridor],
    )
    housing = FundingOpportunityFactory(
        partnership=partnership,
        funder="Homes England",
        name="Affordable Homes Programme",
        kind="loan",
        closes_on=datetime.date(2027, 9, 30),
    )
    bootcamps = BidFactory(
        opportunity=skills,
        lead_organisation=cpca,
        partners=[hlep],
        title="Green skills bootcamps",
        status=Bid.Status.IN_DEVELOPMENT,
        amount_requested=Decimal("800000"),
        commitments=[commitment],
    )
    BusinessCaseStageFactory(bid=bootcamps, stage=BusinessCaseStage.Stage.SOC)
    MatchFundingFactory(bid=bootcamps, organisation=hlep, amount=Decimal("100000"))
    won = BidFactory(
        opportunity=housing,
        lead_organisation=hlep,
        title="Harlow and Gilston homes",
        status=Bid.Status.SUCCESSFUL,
        decision_date=datetime.date(2026, 10, 1),
        amount_requested=Decimal("5000000"),
        amount_awarded=Decimal("4500000"),
    )
    lost = BidFactory(
        opportunity=housing,
        lead_organisation=cpca,
        title="Fenland homes",
        status=Bid.Status.UNSUCCESSFUL,
        decision_date=datetime.date(2026, 10, 1),
        amount_requested=Decimal("2000000"),
    )
    return {"bootcamps": bootcamps, "won": won, "lost": lost, "corridor": corridor}


def test_a_board_member_sees_the_pipeline_in_figures(board_client, pipeline):
    page = board_client.get("/funding/")
    assert page.status_code == 200
    context = page.context
    assert context["success_rate"] == Decimal("50.0")
    assert "50.0% of decided bids were successful" in page.text
    assert context["overall"] == {
        "requested": Decimal("7800000"),
        "awarded": Decimal("4500000"),
        "matched": Decimal("100000"),
    }
    totals = {o.short_name: (o.requested, o.awarded, o.matched) for o in context["totals"]}
    assert totals == {
        "CPCA": (Decimal("2800000"), Decimal("0"), Decimal("0")),
        "HLEP": (Decimal("5000000"), Decimal("4500000"), Decimal("100000")),
    }
    assert [bid.title for bid in context["deadlines"]] == ["Green skills bootcamps"]
    matrix = {row["stage"]: {c["status"]: c["count"] for c in row["cells"]} for row in context["matrix"]}
    assert matrix[BusinessCaseStage.Stage.SOC][Bid.Status.IN_DEVELOPMENT] == 1
    assert matrix[None][Bid.Status.SUCCESSFUL] == 1
    assert "£7,800,000" in page.text


@pytest.mark.parametrize(
    "query, expected",
    [
        ("status=successful", ["Harlow and Gilston homes"]),
        ("stage=1", ["Green skills bootcamps"]),
        ("stage=none", ["Fenland homes", "Harlow and Gilston homes"]),
        ("funder=Homes+England", ["Fenland homes", "Harlow and Gilston homes"]),
        ("kind=loan", ["Fenland homes", "Harlow and Gilston homes"]),
        ("q=fenland", ["Fenland homes"]),
        ("q=bootcamps", ["Green skills bootcamps"]),
    ],
)
def test_the_pipeline_filters(board_client, pipeline, query, expected):
    page = board_client.get(f"/funding/?{query}")
    assert sorted(bid.title for bid in page.context["bids"]) == expected


def test_filters_by_lead_tag_and_commitment(board_client, pipeline, hlep, commitment):
    page = board_client.get(f"/funding/?lead_organisation={hlep.pk}")
    assert [bid.title for bid in page.context["bids"]] == ["Harlow and Gilston homes"]
    page = board_client.get(f"/funding/?tag={pipeline['corridor'].pk}")
    assert [bid.title for bid in page.context["bids"]] == ["Green skills bootcamps"]
    page = board_client.get(f"/funding/?commitment={commitment.pk}")
    assert [bid.title for bid in page.context["bids"]] == ["Green skills bootcamps"]


def test_the_figures_follow_the_filters(board_client, pipeline, hlep):
    page = board_client.get("/funding/?funder=Homes+England")
    assert page.context["overall"]["requested"] == Decimal("7000000")
    assert page.context["overall"]["matched"] == Decimal("0")
    assert page.context["deadlines"].count() == 0


def test_a_bad_filter_value_is_explained_not_a_500(board_client, pipeline):
    page = board_client.get("/funding/?status=lost&lead_organisation=99999")
    assert page.status_code == 200
    assert "Select a valid choice" in page.text


def test_the_pipeline_downloads_as_csv(board_client, pipeline):
    response = board_client.get("/funding/export.csv?funder=Homes+England")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    table = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["Bid"] for row in table] == ["Fenland homes", "Harlow and Gilston homes"]
    won = next(row for row in table if row["Bid"] == "Harlow and Gilston homes")
    assert won["Amount awarded (£)"] == "4500000.00"
    assert won["Status"] == "Successful"
    assert won["Decision date"] == "01/10/2026"  # as the Excel download shows it


def test_the_pipeline_downloads_as_excel_with_money_as_numbers(board_client, pipeline):
    response = board_client.get("/funding/export.xlsx?stage=1")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *data = list(sheet.values)
    assert len(data) == 1
    row = dict(zip(header, data[0], strict=True))
    assert row["Bid"] == "Green skills bootcamps"
    assert row["Business case stage"] == "Strategic outline case"
    assert row["Amount requested (£)"] == 800000
    assert row["Match funding (£)"] == 100000
    assert row["Partner organisations"] == "HLEP"


def test_a_formula_in_a_title_stays_text_in_the_download(board_client, opportunity, hlep):
    BidFactory(opportunity=opportunity, lead_organisation=hlep, title='=HYPERLINK("http://evil")')
    sheet = load_workbook(io.BytesIO(board_client.get("/funding/export.xlsx").content)).active
    # Stored as text, as it is: Excel shows it and never runs it.
    assert (sheet["A2"].value, sheet["A2"].data_type) == ('=HYPERLINK("http://evil")', "s")


def test_the_stage_grid_leaves_out_rows_and_columns_with_no_bid(board_client, pipeline):
    context = board_client.get("/funding/").context
    # Bids: one at a strategic outline case (in development), the rest before any business case.
    assert [row["stage"] for row in context["matrix"]] == [None, BusinessCaseStage.Stage.SOC]
    shown = [value for value, _ in context["statuses"]]
    assert Bid.Status.WITHDRAWN not in shown and Bid.Status.SUBMITTED not in shown
    assert all(len(row["cells"]) == len(shown) for row in context["matrix"])
    assert (
        sum(cell["count"] for row in context["matrix"] for cell in row["cells"]) == 3
    )  # every bid still counted


def test_the_excel_download_is_ready_to_read_and_says_what_it_is(board_client, hlep_board_member, pipeline):
    workbook = load_workbook(io.BytesIO(board_client.get("/funding/export.xlsx?status=successful").content))
    assert workbook.sheetnames == ["Bids", "About"]
    assert_well_made(
        workbook["Bids"],
        dates=["Closes on", "Decision date"],
        money=["Amount requested (£)", "Amount awarded (£)"],
    )
    described = about(workbook)
    assert described["Filter: Status"] == "Successful"
    assert described["Made by"] == str(hlep_board_member)
