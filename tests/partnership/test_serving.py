"""Issue 15: what serves a clause has one definition. The dashboard's matrix, the clause pages and
the registers filtered by a clause count the same records: every kind that links to clauses, a
record linked to a sub-clause serving its parents too, each counted once."""

import random
from datetime import date, timedelta

import pytest
from django.utils import timezone

from funding.models import Bid
from meetings.models import Meeting
from partnership.models import Clause, Evidence
from partnership.serving import coverage, kinds, records_serving
from tests.factories import ConsultationFactory
from tests.funding.factories import BidFactory, FundingOpportunityFactory
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, PriorityFactory, ProposalFactory
from tests.projects.factories import ProjectFactory


def clause(agreement, number: str) -> Clause:
    return agreement.clauses.get(number=number)


def matrix_row(partnership, number: str):
    return next(row for row in coverage(partnership) if row.number == number)


def counts(row) -> dict[str, int]:
    return {served.anchor: served.count for served in row.served if served.count}


def page_counts(client, row) -> dict[str, int]:
    page = client.get(row.get_absolute_url())
    return {section.anchor: section.count for section in page.context["linked"] if section.count}


def listed(client, url: str) -> int:
    """How many records a register shows, whichever way it paginates."""
    context = client.get(url).context
    return (context.get("paginator") or context["page"].paginator).count


def test_a_bid_linked_to_a_sub_clause_serves_its_parent_everywhere(
    board_client, partnership, agreement, hlep
):
    funding, government_investment = clause(agreement, "3.3"), clause(agreement, "3.3.1")
    bid = BidFactory(
        opportunity=FundingOpportunityFactory(partnership=partnership),
        lead_organisation=hlep,
        commitments=[government_investment],
    )
    row = matrix_row(partnership, "3.3")
    assert counts(row) == {"bids": 1} and row.total == 1

    page = board_client.get(funding.get_absolute_url())
    bids = next(section for section in page.context["linked"] if section.anchor == "bids")
    assert [entry.record for entry in bids.records] == [bid]
    assert bid.get_absolute_url() in page.content.decode()

    pipeline = board_client.get(f"/funding/?commitment={funding.pk}")
    assert [b.pk for b in pipeline.context["bids"]] == [bid.pk]
    dashboard = board_client.get("/").content.decode()
    assert f'href="/funding/?commitment={funding.pk}"' in dashboard


def test_a_record_linked_to_a_clause_and_its_sub_clause_counts_once(
    board_client, partnership, agreement, hlep
):
    BidFactory(
        opportunity=FundingOpportunityFactory(partnership=partnership),
        lead_organisation=hlep,
        commitments=[clause(agreement, "3.3"), clause(agreement, "3.3.1")],
    )
    row = matrix_row(partnership, "3.3")
    assert counts(row) == {"bids": 1}
    assert page_counts(board_client, row) == {"bids": 1}
    assert listed(board_client, f"/funding/?commitment={row.pk}") == 1


def test_a_sibling_numbered_alike_is_not_a_sub_clause(agreement):
    """3.3 takes in 3.3.1; 3.3 would not take in a 3.30, nor 3 in 3.3 of another agreement."""
    numbers = set(Clause.objects.subtree(clause(agreement, "3.3")).values_list("number", flat=True))
    assert numbers == {"3.3", "3.3.1"}
    assert set(Clause.objects.subtree(clause(agreement, "3.2")).values_list("number", flat=True)) == {
        "3.2",
        "3.2.1",
    }


def test_cancelled_meetings_do_not_count_and_a_held_review_has_its_pack(
    board_client, partnership, agreement, hlep
):
    meetings_clause, review = clause(agreement, "3.2.1"), clause(agreement, "3.5")
    held = MeetingFactory(partnership=partnership, host=hlep, starts_at=timezone.now() - timedelta(days=40))
    coming = MeetingFactory(partnership=partnership, host=hlep)
    cancelled = MeetingFactory(partnership=partnership, host=hlep, status=Meeting.Status.CANCELLED)
    for meeting in (held, coming, cancelled):
        meeting.commitments.set([meetings_clause, review])
    assert counts(matrix_row(partnership, "3.2.1")) == {"meetings": 2}
    row = matrix_row(partnership, "3.5")
    assert counts(row) == {"meetings": 2, "review-packs": 1}
    page = board_client.get(review.get_absolute_url())
    packs = next(section for section in page.context["linked"] if section.anchor == "review-packs")
    assert [entry.url for entry in packs.records] == [f"/reviews/{held.pk}/pack/"]
    assert "Cancelled meetings are left out." in page.content.decode()


def make_generated_partnership(partnership, agreement, hlep, cpca, rng: random.Random) -> dict:
    """Records of every kind, each linked to a few random clauses it may serve; returns, for each
    kind, each record's linked clause numbers and whether it counts (the truth, worked out here)."""
    commitments = list(agreement.clauses.filter(kind=Clause.Category.COMMITMENT))
    linkable = list(agreement.clauses.exclude(kind=Clause.Category.GENERAL))

    def some(choices):
        return rng.sample(choices, rng.randint(0, 3))

    made: dict[str, list[tuple[set[str], bool]]] = {kind.anchor: [] for kind in kinds()}

    def note(anchor: str, clauses, counts: bool = True) -> None:
        made[anchor].append(({c.number for c in clauses}, counts))

    opportunity = FundingOpportunityFactory(partnership=partnership)
    now = timezone.now().replace(microsecond=0)
    meetings = []
    review = next(c for c in linkable if c.number == "3.5")
    for n in range(6):
        clauses = some(linkable)
        status = rng.choice([Meeting.Status.SCHEDULED, Meeting.Status.SCHEDULED, Meeting.Status.CANCELLED])
        starts_at = now + timedelta(days=rng.choice([-300, -100, 30, 200]) + n)
        if n < 2:  # a review held, and one held but cancelled, both linked to 3.5
            status = [Meeting.Status.SCHEDULED, Meeting.Status.CANCELLED][n]
            starts_at = now - timedelta(days=100 + n)
            clauses = list({*clauses, review})
        meeting = MeetingFactory(partnership=partnership, host=hlep, starts_at=starts_at, status=status)
        meeting.commitments.set(clauses)
        meetings.append(meeting)
        live = status == Meeting.Status.SCHEDULED
        note("meetings", clauses, live)
        # The pack counts for 3.5 alone, once its meeting has been held.
        note("review-packs", [c for c in clauses if c.number == "3.5"], live and starts_at < now)
    for _ in range(8):
        meeting = rng.choice(meetings)
        clauses = some(linkable)
        AgendaItemFactory(meeting=meeting).commitments.set(clauses)
        note("agenda-items", clauses, meeting.status == Meeting.Status.SCHEDULED)
    for _ in range(10):
        clauses = some(commitments)  # what a project may deliver
        ProjectFactory(
            partnership=partnership, lead_organisation=rng.choice([hlep, cpca]), commitments=clauses
        )
        note("projects", clauses)
    for _ in range(10):
        clauses = some(linkable)
        BidFactory(
            opportunity=opportunity,
            lead_organisation=hlep,
            status=rng.choice(list(Bid.Status.values)),
            commitments=clauses,
        )
        note("bids", clauses)
    for _ in range(6):
        clauses = some(linkable)
        ProposalFactory(partnership=partnership).commitments.set(clauses)
        note("proposals", clauses)
    for _ in range(4):
        clauses = some(linkable)
        PriorityFactory(meeting=rng.choice(meetings)).commitments.set(clauses)
        note("priorities", clauses)
    for _ in range(5):
        clauses = some(linkable)
        ConsultationFactory(partnership=partnership, consulting_organisation=hlep).commitments.set(clauses)
        note("consultations", clauses)
    for n in range(5):
        clauses = some(linkable)
        Evidence.objects.create(
            partnership=partnership,
            owner=cpca,
            title=f"Evidence {n}",
            description="Data",
            link="https://example.org",
            sharing_basis=Evidence.SharingBasis.PARTNERS_ONLY,
            shared_on=date(2026, 1, 1),
            next_review_on=date(2027, 1, 1),
        ).commitments.set(clauses)
        note("evidence", clauses)
    return made


def serves(numbers: set[str], number: str) -> bool:
    return any(n == number or n.startswith(f"{number}.") for n in numbers)


@pytest.mark.parametrize("seed", [15, 16, 17])
def test_the_matrix_the_clause_pages_and_the_registers_agree_on_generated_data(
    board_client, partnership, agreement, hlep, cpca, seed
):
    made = make_generated_partnership(partnership, agreement, hlep, cpca, random.Random(seed))
    registers = {kind.anchor: kind.list_url for kind in kinds() if kind.list_url}
    project_choices = set(Clause.objects.delivered_by_projects(partnership).values_list("pk", flat=True))
    rows = coverage(partnership)
    seen = set()
    assert {row.number for row in rows} == set(
        agreement.clauses.exclude(kind=Clause.Category.GENERAL).values_list("number", flat=True)
    )
    for row in rows:
        truth = {
            anchor: sum(counts and serves(numbers, row.number) for numbers, counts in records)
            for anchor, records in made.items()
        }
        truth = {anchor: n for anchor, n in truth.items() if n}
        seen |= truth.keys()
        assert counts(row) == truth, row.number
        assert (row.total == 0) == (not truth), row.number
        assert page_counts(board_client, row) == truth, row.number
        for served in row.served:
            if served.anchor in registers and (served.anchor != "projects" or row.pk in project_choices):
                assert served.url.endswith(f"?commitment={row.pk}")
                assert listed(board_client, served.url) == served.count, (row.number, served.anchor)
    assert seen == set(made)  # every kind was put to the test


def test_the_clause_page_lists_the_first_twenty_and_counts_them_all(partnership, agreement, hlep):
    investment = clause(agreement, "3.3.1")
    opportunity = FundingOpportunityFactory(partnership=partnership)
    for _ in range(23):
        BidFactory(opportunity=opportunity, lead_organisation=hlep, commitments=[investment])
    bids = next(s for s in records_serving(clause(agreement, "3.3")) if s.anchor == "bids")
    assert (bids.count, len(bids.records)) == (23, 20)
    assert bids.list_url == f"/funding/?commitment={clause(agreement, '3.3').pk}"
    assert counts(matrix_row(partnership, "3.3")) == {"bids": 23}
