"""Clause 3.1: each party's board decides a proposal by its own process; its secretary records it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.models import Decision, Proposal
from tests.factories import BoardFactory
from tests.meetings.factories import DecisionFactory, ProposalFactory


@pytest.fixture
def proposal(partnership, commitment):
    proposal = ProposalFactory(partnership=partnership, title="Joint life sciences inward investment offer")
    proposal.commitments.add(commitment)
    return proposal


def decision_form(board, outcome="approved", **extra):
    today = timezone.localdate()
    return {
        "board": board.pk,
        "outcome": outcome,
        "decided_on_0": today.day,
        "decided_on_1": today.month,
        "decided_on_2": today.year,
        "reference": "B/2026/14",
        "note": "",
        **extra,
    }


def test_a_proposal_is_agreed_only_when_every_board_approved(proposal, hlep, cpca):
    assert proposal.status == Proposal.Status.PENDING
    DecisionFactory(proposal=proposal, board=hlep.board)
    assert Proposal.objects.with_status().get().status == Proposal.Status.PENDING
    DecisionFactory(proposal=proposal, board=cpca.board)
    assert proposal.status == Proposal.Status.AGREED
    assert Proposal.objects.with_status().get().status == Proposal.Status.AGREED


def test_one_rejection_blocks_the_proposal(proposal, hlep, cpca):
    DecisionFactory(proposal=proposal, board=hlep.board)
    DecisionFactory(proposal=proposal, board=cpca.board, outcome=Decision.Outcome.REJECTED)
    assert proposal.status == Proposal.Status.BLOCKED
    assert Proposal.objects.with_status().get().status == Proposal.Status.BLOCKED


def test_deferred_and_pending_decisions_leave_it_awaiting(proposal, hlep, cpca):
    DecisionFactory(proposal=proposal, board=hlep.board)
    DecisionFactory(proposal=proposal, board=cpca.board, outcome=Decision.Outcome.DEFERRED)
    assert Proposal.objects.with_status().get().status == Proposal.Status.PENDING


def test_the_boards_secretary_records_its_decision(client, proposal, hlep, hlep_secretary):
    client.force_login(hlep_secretary)
    response = client.post(f"/meetings/proposals/{proposal.pk}/decision/", decision_form(hlep.board))
    assert response.status_code == 302
    decision = proposal.decisions.get()
    assert (decision.board, decision.outcome, decision.reference) == (hlep.board, "approved", "B/2026/14")
    assert decision.recorded_by == hlep_secretary


def test_recording_again_updates_the_boards_one_decision(client, proposal, hlep, hlep_secretary):
    client.force_login(hlep_secretary)
    url = f"/meetings/proposals/{proposal.pk}/decision/"
    client.post(url, decision_form(hlep.board, outcome="deferred"))
    client.post(url, decision_form(hlep.board, outcome="approved"))
    assert list(proposal.decisions.values_list("outcome", flat=True)) == ["approved"]


def test_a_secretary_cannot_record_another_boards_decision(client, proposal, cpca, hlep_secretary):
    client.force_login(hlep_secretary)
    response = client.post(f"/meetings/proposals/{proposal.pk}/decision/", decision_form(cpca.board))
    assert response.status_code == 403
    assert not proposal.decisions.exists()


@pytest.mark.parametrize("who", ["hlep_board_member", "hlep_officer", "cpca_officer"])
def test_board_members_and_officers_cannot_record_decisions(client, request, proposal, hlep, who):
    client.force_login(request.getfixturevalue(who))
    url = f"/meetings/proposals/{proposal.pk}/decision/"
    assert client.get(url).status_code == 403
    assert client.post(url, decision_form(hlep.board)).status_code == 403
    assert not proposal.decisions.exists()


def test_a_partnership_admin_records_their_own_partys_decision(admin_client_, proposal, hlep):
    response = admin_client_.post(f"/meetings/proposals/{proposal.pk}/decision/", decision_form(hlep.board))
    assert response.status_code == 302
    assert proposal.decisions.get().board == hlep.board


def test_a_decision_for_a_board_that_is_not_a_party_is_refused(admin_client_, proposal):
    stranger = BoardFactory(name="Elsewhere Board")
    response = admin_client_.post(f"/meetings/proposals/{proposal.pk}/decision/", decision_form(stranger))
    assert response.status_code == 200
    assert "Choose the board of a party to this partnership" in response.content.decode()
    assert 'class="govuk-error-summary' in response.content.decode()
    assert not proposal.decisions.exists()


def test_an_approval_needs_its_date_and_cannot_be_dated_in_the_future(admin_client_, proposal, hlep):
    url = f"/meetings/proposals/{proposal.pk}/decision/"
    undated = decision_form(hlep.board, decided_on_0="", decided_on_1="", decided_on_2="")
    assert "Enter the date the board decided" in admin_client_.post(url, undated).content.decode()
    tomorrow = timezone.localdate() + timedelta(days=1)
    future = decision_form(
        hlep.board, decided_on_0=tomorrow.day, decided_on_1=tomorrow.month, decided_on_2=tomorrow.year
    )
    assert "must be today or in the past" in admin_client_.post(url, future).content.decode()
    assert not proposal.decisions.exists()


def test_a_pending_decision_needs_no_date(admin_client_, proposal, hlep):
    form = decision_form(hlep.board, outcome="pending", decided_on_0="", decided_on_1="", decided_on_2="")
    admin_client_.post(f"/meetings/proposals/{proposal.pk}/decision/", form)
    assert proposal.decisions.get().decided_on is None


def test_an_officer_adds_a_proposal_linked_to_commitments(officer_client, partnership, commitment):
    response = officer_client.post(
        "/meetings/proposals/new/",
        {
            "title": "Shared skills bootcamp",
            "summary": "Run one bootcamp for both areas.",
            "commitments": [commitment.pk],
        },
    )
    proposal = Proposal.objects.get(title="Shared skills bootcamp")
    assert response["Location"] == proposal.get_absolute_url()
    assert list(proposal.commitments.all()) == [commitment]
    assert proposal.partnership == partnership


def test_the_decisions_page_lists_each_boards_decision(board_client, proposal, hlep, cpca):
    DecisionFactory(proposal=proposal, board=hlep.board, reference="HLEP/22")
    page = board_client.get("/meetings/decisions/").content.decode()
    assert "Joint life sciences inward investment offer" in page
    assert "HLEP/22" in page
    assert "Not yet considered" in page
    assert "Awaiting decisions" in page
    agreed = board_client.get("/meetings/decisions/?status=agreed").content.decode()
    assert "Joint life sciences" not in agreed


def test_the_decisions_page_runs_the_same_queries_however_many_proposals(
    board_client, partnership, hlep, cpca, commitment, django_assert_num_queries
):
    def make(n):
        for _ in range(n):
            proposal = ProposalFactory(partnership=partnership)
            proposal.commitments.add(commitment)
            DecisionFactory(proposal=proposal, board=hlep.board)
            DecisionFactory(proposal=proposal, board=cpca.board, outcome="rejected")

    make(2)
    with django_assert_num_queries(13):
        board_client.get("/meetings/decisions/")
    make(20)
    with django_assert_num_queries(13):
        board_client.get("/meetings/decisions/")


def test_a_secretary_is_offered_only_their_own_board(client, proposal, hlep_secretary):
    client.force_login(hlep_secretary)
    page = client.get(f"/meetings/proposals/{proposal.pk}/decision/?board=x").content.decode()
    assert "HLEP Board" in page
    assert "CPCA Board" not in page
