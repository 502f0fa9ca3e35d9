"""3.5: the review pack names what changed in this period — projects that turned red or recovered, bids
won and lost, actions closed and overdue, consultations answered late — and each list holds exactly the
rows its figure counts, as counted by hand from known data."""

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook

from funding.models import Bid
from meetings.models import Action, Meeting
from overview.review_changes import changes
from overview.review_pack import periods
from partnership.models import ConsultationResponse
from projects.models import Project
from tests.factories import ConsultationFactory, OrganisationFactory, PartnershipFactory
from tests.funding.factories import BidFactory, FundingOpportunityFactory
from tests.meetings.factories import ActionFactory, MeetingFactory
from tests.projects.factories import ProjectFactory
from tests.spreadsheets import assert_well_made

LONDON = ZoneInfo("Europe/London")
RED, AMBER, GREEN = Project.Rag.RED, Project.Rag.AMBER, Project.Rag.GREEN


def at(year, month, day) -> datetime:
    return datetime(year, month, day, 10, tzinfo=LONDON)


@pytest.fixture
def reviews(partnership, hlep):
    """Reviews on 1 May 2026 and 1 November 2026: the pack is for November's, read on 20 November."""
    MeetingFactory(partnership=partnership, host=hlep, starts_at=at(2026, 5, 1), title="Spring review")
    return MeetingFactory(
        partnership=partnership, host=hlep, starts_at=at(2026, 11, 1), title="Autumn review"
    )


def rate(project, rag, on):
    """A RAG rating given on a day, recorded in the project's audit trail as the edit form does."""
    with time_machine.travel(on, tick=False):
        project.rag, project.rag_reason = (
            rag,
            "" if rag == GREEN else f"Rated {rag.label.lower()} on {on:%-d %B}",
        )
        project.save()


def project(partnership, lead, title, rag=GREEN):
    with time_machine.travel(at(2026, 1, 10), tick=False):
        return ProjectFactory(
            partnership=partnership,
            lead_organisation=lead,
            title=title,
            rag=rag,
            rag_reason="" if rag == GREEN else "Rated so from the start",
        )


def set_status(record, status, on):
    with time_machine.travel(on, tick=False):
        record.status = status
        record.save()


@pytest.fixture
def known(partnership, hlep, cpca, hlep_officer, reviews):
    # Projects. This period: Skills bootcamp turned red (10 June) and recovered (15 September); Rail
    # study turned red twice (1 June, 1 August) and recovered between; Lab space, red since January,
    # recovered (1 July). Last period: Housing turned red (1 April); Lab space was made red.
    skills = project(partnership, hlep, "Skills bootcamp")
    rate(skills, RED, at(2026, 6, 10))
    rate(skills, AMBER, at(2026, 9, 15))
    rail = project(partnership, cpca, "Rail study")
    rate(rail, RED, at(2026, 6, 1))
    rate(rail, AMBER, at(2026, 7, 1))
    rate(rail, RED, at(2026, 8, 1))
    lab = project(partnership, cpca, "Lab space", rag=RED)
    rate(lab, GREEN, at(2026, 7, 1))
    housing = project(partnership, hlep, "Housing")
    rate(housing, RED, at(2026, 4, 1))
    amber_only = project(partnership, hlep, "Amber only")
    rate(amber_only, AMBER, at(2026, 6, 1))  # not red: in no list
    elsewhere = OrganisationFactory(short_name="ELSE", name="Elsewhere Council")
    others = PartnershipFactory(name="Another partnership", parties=[elsewhere])
    theirs = project(others, elsewhere, "Not ours")
    rate(theirs, RED, at(2026, 6, 1))  # another partnership's: in no list

    # Bids, by the day they were decided.
    opportunity = FundingOpportunityFactory(partnership=partnership, name="Innovation fund")
    for title, status, decided, awarded in [
        ("Won this period", Bid.Status.SUCCESSFUL, date(2026, 9, 1), Decimal("75000")),
        ("Lost this period", Bid.Status.UNSUCCESSFUL, date(2026, 6, 15), None),
        ("Lost last period", Bid.Status.UNSUCCESSFUL, date(2026, 3, 1), None),
        ("Still waiting", Bid.Status.SUBMITTED, None, None),
    ]:
        BidFactory(
            opportunity=opportunity,
            lead_organisation=hlep,
            title=title,
            status=status,
            decision_date=decided,
            amount_awarded=awarded,
        )

    # Actions agreed at the spring review.
    spring = Meeting.objects.get(partnership=partnership, title="Spring review")

    def action(description, due, status=Action.Status.OPEN):
        with time_machine.travel(at(2026, 1, 20), tick=False):
            return ActionFactory(
                meeting=spring, owner=hlep_officer, description=description, due_date=due, status=status
            )

    set_status(action("Closed this period", date(2026, 7, 1)), Action.Status.DONE, at(2026, 7, 2))
    set_status(action("Closed last period", date(2026, 4, 1)), Action.Status.DONE, at(2026, 4, 10))
    action("Overdue since August", date(2026, 8, 1))
    action("Overdue in progress", date(2026, 10, 30), Action.Status.IN_PROGRESS)
    action("Due after the review", date(2026, 12, 1))
    action("Dropped", date(2026, 6, 1), Action.Status.DROPPED)

    # Consultations: CPCA answers HLEP's.
    for title, respond_by, answered in [
        ("Late this period", date(2026, 7, 1), date(2026, 7, 9)),
        ("On time this period", date(2026, 8, 1), date(2026, 7, 30)),
        ("Late last period", date(2026, 3, 1), date(2026, 3, 5)),
    ]:
        consultation = ConsultationFactory(
            partnership=partnership,
            consulting_organisation=hlep,
            title=title,
            opens_on=date(2026, 1, 1),
            respond_by=respond_by,
        )
        ConsultationResponse.objects.create(
            consultation=consultation, organisation=cpca, text="Our view", responded_on=answered
        )


def pack_for(client, reviews):
    with time_machine.travel(at(2026, 11, 20), tick=False):
        return client.get(f"/reviews/{reviews.pk}/pack/")


def listed(pack) -> dict[str, list]:
    return {change_list.title: [row[0].value for row in change_list.rows] for change_list in pack.changes}


def figures(pack) -> dict:
    return {(m.section, m.label): (m.this, m.last) for m in pack.measures}


def test_the_pack_names_what_changed_as_counted_by_hand(board_client, reviews, known):
    pack = pack_for(board_client, reviews).context["pack"]

    assert listed(pack) == {
        "Projects that turned red": ["Skills bootcamp", "Rail study"],
        "Projects recovered from red": ["Lab space", "Rail study", "Skills bootcamp"],
        "Bids won": ["Won this period"],
        "Bids lost": ["Lost this period"],
        "Actions closed": ["Closed this period"],
        "Actions overdue": ["Overdue since August", "Overdue in progress"],
        "Consultations answered late": ["Late this period"],
    }
    # Each figure counts the rows of its list this period, beside the last period's.
    got = figures(pack)
    assert got[("Joint projects", "Projects turned red")] == (2, 2)
    assert got[("Joint projects", "Projects recovered from red")] == (3, 0)
    assert got[("Funding bids", "Bids won")] == (1, 0)
    assert got[("Funding bids", "Bids lost")] == (1, 1)
    assert got[("Actions", "Actions closed")] == (1, 1)
    assert got[("Actions", "Actions due in the period and still open")] == (2, 0)
    assert got[("Duty to cooperate", "Consultation responses given late")] == (1, 1)


def test_each_list_says_when_and_links_to_the_record(board_client, reviews, known):
    page = pack_for(board_client, reviews)
    lists = {change_list.title: change_list for change_list in page.context["pack"].changes}

    rail = lists["Projects that turned red"].rows[1]
    assert [cell.value for cell in rail[1:]] == ["CPCA", date(2026, 8, 1), "Rated red on 1 August", "Red"]
    assert rail[0].url == Project.objects.get(title="Rail study").get_absolute_url()
    won = lists["Bids won"].rows[0]
    assert [cell.value for cell in won[1:]] == ["Innovation fund", "HLEP", date(2026, 9, 1), Decimal("75000")]
    assert lists["Actions overdue"].rows[0][-1].value == (date(2026, 11, 20) - date(2026, 8, 1)).days
    late = lists["Consultations answered late"].rows[0]
    assert [cell.value for cell in late[1:]] == ["HLEP", "CPCA", date(2026, 7, 1), date(2026, 7, 9), 8]

    content = page.content.decode()
    assert 'href="{}"'.format(Project.objects.get(title="Skills bootcamp").get_absolute_url()) in content
    assert "Projects that turned red (2)" in content
    assert "Consultations answered late (1)" in content
    assert "£75,000" in content


def test_an_empty_list_says_nothing_changed(board_client, reviews):
    content = pack_for(board_client, reviews).content.decode()
    assert "No project turned red in this period." in content
    assert "No consultation response due in this period came late." in content


def test_the_spreadsheet_has_a_sheet_for_each_list(board_client, reviews, known):
    with time_machine.travel(at(2026, 11, 20), tick=False):
        response = board_client.get(f"/reviews/{reviews.pk}/pack.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))

    assert workbook.sheetnames[:2] == ["Review pack", "About"]
    sheet = workbook["Projects that turned red"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Project", "Lead organisation", "Turned red on", "Reason given", "Rating now")
    assert [row[0] for row in rows[1:]] == ["Skills bootcamp", "Rail study"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E3"
    bids = list(workbook["Bids won"].iter_rows(values_only=True))
    assert bids[1][0] == "Won this period" and bids[1][-1] == 75000
    assert workbook["Bids won"]["E2"].number_format == "£#,##0.00"
    assert_well_made(sheet, dates=["Turned red on"])
    assert_well_made(workbook["Bids won"], dates=["Decided on"], money=[bids[0][-1]])
    figures = {row[1].value: row[3] for row in workbook["Review pack"].iter_rows(min_row=2)}
    assert figures["Awarded to bids won"].number_format == "£#,##0.00"  # sums in pounds; counts plain
    assert figures["Bids won"].number_format == "General"
    late = list(workbook["Consultations answered late"].iter_rows(values_only=True))
    assert [row[0] for row in late[1:]] == ["Late this period"]


def test_each_list_is_one_query_whatever_its_rows(
    django_assert_num_queries, reviews, known, partnership, hlep, cpca, hlep_officer
):
    with time_machine.travel(at(2026, 11, 20), tick=False):
        this, _ = periods(reviews)
        with django_assert_num_queries(6):
            changes(partnership, this)
    for n in range(10):
        more = project(partnership, hlep, f"Another red {n}")
        rate(more, RED, at(2026, 6, 2))
        rate(more, GREEN, at(2026, 6, 3))
        with time_machine.travel(at(2026, 1, 20), tick=False):
            ActionFactory(meeting=reviews, owner=hlep_officer, due_date=date(2026, 9, 9))
        BidFactory(
            opportunity=FundingOpportunityFactory(partnership=partnership),
            lead_organisation=cpca,
            status=Bid.Status.UNSUCCESSFUL,
            decision_date=date(2026, 10, 1),
        )
    with time_machine.travel(at(2026, 11, 20), tick=False):
        with django_assert_num_queries(6):
            grown = changes(partnership, this)
    assert len({change_list.title: change_list for change_list in grown}["Bids lost"].rows) == 11


def test_the_decision_figures_say_what_they_count(board_client, reviews):
    content = pack_for(board_client, reviews).content.decode()
    assert "Every party&#x27;s board approved; counted once, when the last approved." in content
    assert "Each board&#x27;s own decision: a proposal has one from each party&#x27;s board." in content
