"""Board members read projects; officers create them and edit those their organisation leads or
partners in; admins edit all; the anonymous sign in first; outsiders see nothing."""

import pytest
from django.urls import reverse

from tests.conftest import OFFICER
from tests.factories import PersonFactory


def project_pages(project):
    return [
        f"/projects/{project.pk}/edit/",
        f"/projects/{project.pk}/milestones/",
        f"/projects/{project.pk}/contributions/",
        f"/projects/{project.pk}/outcomes/targets/",
        f"/projects/{project.pk}/outcomes/new/",
        f"/projects/{project.pk}/updates/new/",
    ]


READ_PAGES = ["/projects/", "/projects/export.csv", "/projects/export.xlsx"]
OFFICER_PAGES = ["/projects/new/", "/projects/import/", "/projects/import/template.csv"]


def test_the_anonymous_are_sent_to_sign_in(client, joint_project):
    for path in (
        READ_PAGES + OFFICER_PAGES + [joint_project.get_absolute_url(), *project_pages(joint_project)]
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("login")), path


def test_someone_with_no_role_is_refused(client, nobody, joint_project):
    client.force_login(nobody)
    for path in READ_PAGES + OFFICER_PAGES + [joint_project.get_absolute_url()]:
        assert client.get(path).status_code == 403, path


def test_a_board_member_reads_projects_but_cannot_create_or_change_them(board_client, joint_project):
    assert board_client.get("/projects/").status_code == 200
    page = board_client.get(joint_project.get_absolute_url())
    assert page.status_code == 200
    assert b"Change the project" not in page.content
    for path in OFFICER_PAGES:
        assert board_client.get(path).status_code == 403, path
    for path in project_pages(joint_project):
        assert board_client.get(path).status_code == 403, path
    response = board_client.post(joint_project.get_edit_url(), {"title": "changed"})
    assert response.status_code == 403
    joint_project.refresh_from_db()
    assert joint_project.title != "changed"


def test_an_officer_of_a_partner_organisation_edits_the_project(client, cpca_officer, joint_project):
    client.force_login(cpca_officer)
    assert joint_project.can_edit(cpca_officer)
    for path in project_pages(joint_project):
        assert client.get(path).status_code == 200, path


def test_an_officer_cannot_edit_another_partys_project(client, cpca_officer, hlep_only_project):
    client.force_login(cpca_officer)
    assert client.get(hlep_only_project.get_absolute_url()).status_code == 200
    for path in project_pages(hlep_only_project):
        assert client.get(path).status_code == 403, path
    response = client.post(hlep_only_project.get_edit_url(), {"title": "changed"})
    assert response.status_code == 403
    hlep_only_project.refresh_from_db()
    assert hlep_only_project.title != "changed"


def test_an_admin_edits_every_project(admin_client_, cpca_only_project):
    for path in project_pages(cpca_only_project):
        assert admin_client_.get(path).status_code == 200, path


def test_an_outsider_sees_nothing_of_this_partnerships_projects(client, outsider, joint_project):
    client.force_login(outsider)
    assert client.get(joint_project.get_absolute_url()).status_code == 404
    for path in project_pages(joint_project):
        assert client.get(path).status_code == 404, path
    listing = client.get("/projects/")
    assert listing.status_code == 200
    assert joint_project.title.encode() not in listing.content
    assert joint_project.title.encode() not in client.get("/projects/export.csv").content


def test_an_officer_of_an_outside_organisation_cannot_edit_even_as_an_officer(
    client, outsider, joint_project
):
    elsewhere = outsider.memberships.get().organisation
    officer = PersonFactory(roles=[(elsewhere, OFFICER)])
    client.force_login(officer)
    assert client.post(joint_project.get_edit_url(), {"title": "changed"}).status_code == 404


@pytest.mark.parametrize("who", ["hlep_officer", "cpca_officer", "admin_person"])
def test_can_edit_follows_the_organisations_involved(request, who, joint_project, cpca_only_project):
    person = request.getfixturevalue(who)
    assert joint_project.can_edit(person)
    assert cpca_only_project.can_edit(person) == (who != "hlep_officer")


def test_board_members_cannot_edit_even_their_own_organisations_project(hlep_board_member, joint_project):
    assert not joint_project.can_edit(hlep_board_member)


@pytest.mark.parametrize("who", ["hlep_board_member", "hlep_officer"])
def test_only_partnership_admins_manage_the_kinds_of_outcome(client, request, who, agreement):
    client.force_login(request.getfixturevalue(who))
    for path in ["/projects/outcome-kinds/", "/projects/outcome-kinds/new/"]:
        assert client.get(path).status_code == 403, path
    assert (
        client.post("/projects/outcome-kinds/new/", {"name": "Trees planted", "unit": "trees"}).status_code
        == 403
    )
