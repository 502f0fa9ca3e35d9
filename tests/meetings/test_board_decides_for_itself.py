"""Clause 3.1: each board decides for itself. Only its own secretary, or a partnership admin of its own
organisation, records or changes its decision; nobody is offered another board's."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from meetings.services import record_decision
from partnership.models import Membership
from tests.factories import PersonFactory
from tests.meetings.factories import DecisionFactory, ProposalFactory
from tests.meetings.test_decisions import decision_form


@pytest.fixture
def proposal(partnership):
    return ProposalFactory(partnership=partnership, title="Joint inward investment offer")


@pytest.fixture
def hlep_admin_and_secretary(hlep, admin_person):
    """HLEP's partnership admin, who is also the HLEP Board's secretary."""
    hlep.board.secretary = admin_person
    hlep.board.save()
    return admin_person


@pytest.fixture
def cpca_admin(cpca):
    return PersonFactory(
        first_name="Carys", last_name="Admin", roles=[(cpca, Membership.Role.PARTNERSHIP_ADMIN)]
    )


def url(proposal):
    return f"/meetings/proposals/{proposal.pk}/decision/"


def test_an_admin_cannot_record_another_organisations_boards_decision(
    client, proposal, cpca, hlep_admin_and_secretary
):
    client.force_login(hlep_admin_and_secretary)
    assert client.post(url(proposal), decision_form(cpca.board)).status_code == 403
    assert not proposal.decisions.exists()


def test_an_admin_cannot_overwrite_another_boards_decision(client, proposal, cpca, hlep_admin_and_secretary):
    DecisionFactory(proposal=proposal, board=cpca.board, outcome="rejected", reference="CPCA/7")
    client.force_login(hlep_admin_and_secretary)
    response = client.post(url(proposal), decision_form(cpca.board, outcome="approved"))
    assert response.status_code == 403
    decision = proposal.decisions.get()
    assert (decision.outcome, decision.reference) == ("rejected", "CPCA/7")


def test_the_service_refuses_another_organisations_admin(proposal, cpca, admin_person):
    with pytest.raises(PermissionDenied):
        record_decision(proposal, board=cpca.board, outcome="pending", decided_on=None, by=admin_person)
    assert not proposal.decisions.exists()


def test_an_admin_records_their_own_organisations_boards_decision(client, proposal, cpca, cpca_admin):
    client.force_login(cpca_admin)
    assert client.post(url(proposal), decision_form(cpca.board)).status_code == 302
    assert proposal.decisions.get().recorded_by == cpca_admin


def test_the_proposal_page_offers_only_the_persons_own_board(
    client, proposal, hlep, cpca, hlep_admin_and_secretary
):
    client.force_login(hlep_admin_and_secretary)
    page = client.get(proposal.get_absolute_url()).text
    assert f"decision/?board={hlep.board.pk}" in page
    assert f"decision/?board={cpca.board.pk}" not in page
    assert f"the {cpca.board}’s decision" not in page


def test_the_form_offers_only_the_boards_the_person_records_for(client, proposal, hlep_admin_and_secretary):
    client.force_login(hlep_admin_and_secretary)
    page = client.get(url(proposal)).text
    assert "HLEP Board" in page
    assert "CPCA Board" not in page


def test_the_form_does_not_load_another_boards_decision(client, proposal, cpca, hlep_admin_and_secretary):
    DecisionFactory(proposal=proposal, board=cpca.board, reference="CPCA/7")
    client.force_login(hlep_admin_and_secretary)
    page = client.get(f"{url(proposal)}?board={cpca.board.pk}").text
    assert "CPCA/7" not in page


def test_the_proposal_page_says_who_recorded_each_decision_and_when(client, proposal, hlep, hlep_secretary):
    # 23:30 UTC on 1 July is half past midnight on 2 July in London (summer time).
    with time_machine.travel(datetime.datetime(2026, 7, 1, 23, 30, tzinfo=datetime.UTC), tick=False):
        client.force_login(hlep_secretary)
        assert client.post(url(proposal), decision_form(hlep.board)).status_code == 302
        page = client.get(proposal.get_absolute_url()).text
    assert "Recorded by Sam Secretary on 2 July 2026 at 12:30am" in page
