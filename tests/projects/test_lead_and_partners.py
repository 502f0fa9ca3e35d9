"""Only the lead organisation's officers (or a partnership admin) change who leads a project or bid and
who partners in it: a partner's officer edits the rest, but cannot take the record from its lead."""

import re

import pytest
from django.core.exceptions import PermissionDenied

from funding.services import update_bid
from projects.services import update_project
from tests.funding.factories import BidFactory
from tests.funding.test_bids import bid_data
from tests.projects.factories import ProjectFactory
from tests.projects.test_pages import project_form


@pytest.fixture
def cpca_led_project(partnership, cpca, hlep, commitment):
    """Led by CPCA with HLEP as partner."""
    return ProjectFactory(
        partnership=partnership,
        title="Fenland skills hub",
        lead_organisation=cpca,
        partners=[hlep],
        commitments=[commitment],
    )


@pytest.fixture
def cpca_led_bid(partnership, cpca, hlep):
    """Led by CPCA with HLEP as partner."""
    return BidFactory(
        opportunity__partnership=partnership, lead_organisation=cpca, partners=[hlep], title="Fenland bid"
    )


def project_post(project, commitment, lead, partners, **changes):
    changes = {"title": project.title, "status": project.status, **changes}
    return project_form(commitment, lead, partners=[p.pk for p in partners], **changes)


def field_tags(page: str, name: str) -> list[str]:
    return re.findall(rf'<(?:input|select)[^>]*name="{name}"[^>]*>', page)


def offers_lead_and_partners(page: str) -> bool:
    """Whether the page lets the person choose the lead and partners."""
    leads = field_tags(page, "lead_organisation")
    return bool(field_tags(page, "partners")) and bool(leads) and " disabled" not in leads[0]


def shows_lead_and_partners_read_only(page: str, partners: str) -> bool:
    leads = field_tags(page, "lead_organisation")
    return (
        not field_tags(page, "partners")
        and bool(leads)
        and " disabled" in leads[0]
        and f"Partners: {partners}. Only the lead organisation’s officers change the lead and partners."
        in page
    )


def test_a_partners_officer_cannot_take_a_project_from_its_lead(
    officer_client, cpca_led_project, commitment, hlep, cpca, cpca_officer
):
    officer_client.post(cpca_led_project.get_edit_url(), project_post(cpca_led_project, commitment, hlep, []))
    cpca_led_project.refresh_from_db()
    assert cpca_led_project.lead_organisation == cpca
    assert list(cpca_led_project.partners.all()) == [hlep]
    assert cpca_led_project.can_edit(cpca_officer)


def test_a_partners_officer_still_edits_the_rest_of_the_project(
    officer_client, cpca_led_project, commitment, cpca, hlep
):
    data = project_post(cpca_led_project, commitment, cpca, [hlep], title="Fenland skills hub phase 2")
    assert officer_client.post(cpca_led_project.get_edit_url(), data).status_code == 302
    cpca_led_project.refresh_from_db()
    assert cpca_led_project.title == "Fenland skills hub phase 2"
    assert cpca_led_project.lead_organisation == cpca


def test_a_partners_officer_is_not_offered_the_lead_and_partners(officer_client, cpca_led_project):
    page = officer_client.get(cpca_led_project.get_edit_url()).text
    assert shows_lead_and_partners_read_only(page, "HLEP")
    assert field_tags(page, "title")


def test_the_leads_officer_changes_the_projects_partners(
    client, cpca_officer, cpca_led_project, commitment, cpca
):
    client.force_login(cpca_officer)
    assert offers_lead_and_partners(client.get(cpca_led_project.get_edit_url()).text)
    data = project_post(cpca_led_project, commitment, cpca, [])
    assert client.post(cpca_led_project.get_edit_url(), data).status_code == 302
    cpca_led_project.refresh_from_db()
    assert not cpca_led_project.partners.exists()


def test_a_partnership_admin_changes_the_lead(admin_client_, cpca_led_project, commitment, hlep):
    data = project_post(cpca_led_project, commitment, hlep, [])
    assert admin_client_.post(cpca_led_project.get_edit_url(), data).status_code == 302
    cpca_led_project.refresh_from_db()
    assert cpca_led_project.lead_organisation == hlep


def test_a_partners_officer_cannot_take_a_bid_from_its_lead(
    officer_client, cpca_led_bid, hlep, cpca, cpca_officer
):
    officer_client.post(
        cpca_led_bid.get_edit_url(), bid_data(cpca_led_bid.opportunity, hlep, title="Fenland bid")
    )
    cpca_led_bid.refresh_from_db()
    assert cpca_led_bid.lead_organisation == cpca
    assert list(cpca_led_bid.partners.all()) == [hlep]
    assert cpca_led_bid.can_edit(cpca_officer)


def test_a_partners_officer_still_edits_the_rest_of_the_bid(officer_client, cpca_led_bid, hlep, cpca):
    assert shows_lead_and_partners_read_only(officer_client.get(cpca_led_bid.get_edit_url()).text, "HLEP")
    data = bid_data(cpca_led_bid.opportunity, cpca, partners=[hlep.pk], title="Fenland bid, revised")
    assert officer_client.post(cpca_led_bid.get_edit_url(), data).status_code == 302
    cpca_led_bid.refresh_from_db()
    assert cpca_led_bid.title == "Fenland bid, revised"
    assert cpca_led_bid.lead_organisation == cpca


def test_the_leads_officer_changes_the_bids_partners(client, cpca_officer, cpca_led_bid, cpca):
    client.force_login(cpca_officer)
    data = bid_data(cpca_led_bid.opportunity, cpca, title="Fenland bid")
    assert client.post(cpca_led_bid.get_edit_url(), data).status_code == 302
    cpca_led_bid.refresh_from_db()
    assert not cpca_led_bid.partners.exists()


# The services hold the rule too, so a caller that skips the forms cannot bypass it.


def test_update_project_refuses_a_partners_officer_a_new_lead_or_partners(
    cpca_led_project, hlep, cpca, hlep_officer
):
    with pytest.raises(PermissionDenied):
        update_project(cpca_led_project, lead_organisation=hlep, by=hlep_officer)
    with pytest.raises(PermissionDenied):
        update_project(cpca_led_project, partners=[], by=hlep_officer)
    cpca_led_project.refresh_from_db()
    assert cpca_led_project.lead_organisation == cpca and list(cpca_led_project.partners.all()) == [hlep]
    update_project(
        cpca_led_project, title="Renamed", lead_organisation=cpca, partners=[hlep], by=hlep_officer
    )
    cpca_led_project.refresh_from_db()
    assert cpca_led_project.title == "Renamed"


def test_update_project_lets_the_leads_officer_change_the_partners(cpca_led_project, cpca_officer):
    update_project(cpca_led_project, partners=[], by=cpca_officer)
    assert not cpca_led_project.partners.exists()


def test_update_bid_refuses_a_partners_officer_a_new_lead_or_partners(cpca_led_bid, hlep, cpca, hlep_officer):
    for change in ({"lead_organisation": hlep}, {"partners": []}):
        with pytest.raises(PermissionDenied):
            update_bid(cpca_led_bid, match_funding=[], stages=[], by=hlep_officer, **change)
    cpca_led_bid.refresh_from_db()
    assert cpca_led_bid.lead_organisation == cpca and list(cpca_led_bid.partners.all()) == [hlep]


def test_update_bid_lets_an_admin_change_the_lead(cpca_led_bid, hlep, admin_person):
    update_bid(
        cpca_led_bid, match_funding=[], stages=[], lead_organisation=hlep, partners=[], by=admin_person
    )
    cpca_led_bid.refresh_from_db()
    assert cpca_led_bid.lead_organisation == hlep
