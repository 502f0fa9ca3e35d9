"""Every partnership page refuses the anonymous, the roleless and the wrong role; admins' pages refuse
board members and officers; records of another partnership are not found."""

import pytest
from django.urls import reverse

MEMBER_PAGES = [
    "/",
    "/partnership/",
    "/agreement/",
    "/agreement/v1/",
    "/agreement/v1/clauses/2.3.4/",
]
ADMIN_PAGES = ["/people/", "/people/new/", "/partnership/organisations/new/"]


@pytest.mark.parametrize("path", MEMBER_PAGES + ADMIN_PAGES + ["/profile/"])
def test_the_anonymous_are_sent_to_sign_in(client, agreement, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("path", MEMBER_PAGES + ADMIN_PAGES)
def test_someone_with_no_role_is_refused(client, nobody, agreement, path):
    client.force_login(nobody)
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_board_members_read_the_partnership(board_client, path):
    response = board_client.get(path)
    assert response.status_code == 200


@pytest.mark.parametrize("path", ADMIN_PAGES)
@pytest.mark.parametrize("who", ["hlep_board_member", "hlep_officer"])
def test_only_partnership_admins_manage_people_and_parties(client, request, who, path):
    client.force_login(request.getfixturevalue(who))
    assert client.get(path).status_code == 403


def test_admin_pages_of_an_organisation_refuse_board_members(board_client, hlep):
    for path in [
        f"/partnership/organisations/{hlep.pk}/edit/",
        f"/partnership/organisations/{hlep.pk}/board/edit/",
    ]:
        assert board_client.get(path).status_code == 403
        assert board_client.post(path, {"name": "Changed"}).status_code == 403
    hlep.refresh_from_db()
    assert hlep.name != "Changed"


def test_an_outsider_sees_nothing_of_this_partnership(client, outsider, hlep, hlep_board_member, agreement):
    client.force_login(outsider)
    assert client.get(f"/partnership/organisations/{hlep.pk}/").status_code == 404
    assert client.get(f"/people/{hlep_board_member.pk}/").status_code == 404
    assert client.get("/agreement/v1/clauses/2.3.4/").status_code == 404
    page = client.get("/partnership/")
    assert page.status_code == 200
    assert b"Hertfordshire" not in page.content


def test_an_admin_of_one_partnership_cannot_edit_people_of_another(client, admin_person, outsider):
    client.force_login(admin_person)
    assert client.get(f"/people/{outsider.pk}/edit/").status_code == 404
