"""Every meetings page refuses the anonymous, the roleless and the wrong role; another partnership's
meetings are not found."""

import pytest
from django.urls import reverse

from tests.meetings.factories import ActionFactory, ProposalFactory


@pytest.fixture
def records(meeting, partnership, hlep_board_member, hlep):
    item = meeting.agenda_items.first()
    action = ActionFactory(meeting=meeting, owner=hlep_board_member, owner_organisation=hlep)
    proposal = ProposalFactory(partnership=partnership)
    return {"meeting": meeting.pk, "item": item.pk, "action": action.pk, "proposal": proposal.pk}


MEMBER_PAGES = [
    "/meetings/",
    "/meetings/{meeting}/",
    "/meetings/{meeting}/meeting.ics",
    "/meetings/actions/",
    "/meetings/decisions/",
    "/meetings/proposals/{proposal}/",
]
ADMIN_PAGES = [
    "/meetings/series/",
    "/meetings/new/",
    "/meetings/{meeting}/edit/",
    "/meetings/{meeting}/cancel/",
    "/meetings/{meeting}/attendance/",
    "/meetings/{meeting}/agenda/new/",
    "/meetings/{meeting}/minutes/",
    "/meetings/{meeting}/priorities/new/",
    "/meetings/agenda/{item}/edit/",
]
OFFICER_PAGES = [
    "/meetings/{meeting}/actions/new/",
    "/meetings/proposals/new/",
    "/meetings/agenda/{item}/papers/new/",
]


@pytest.mark.parametrize("path", MEMBER_PAGES + ADMIN_PAGES + OFFICER_PAGES + ["/meetings/calendar/"])
def test_the_anonymous_are_sent_to_sign_in(client, records, path):
    response = client.get(path.format(**records))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("path", MEMBER_PAGES + ADMIN_PAGES + OFFICER_PAGES)
def test_someone_with_no_role_is_refused(client, nobody, records, path):
    client.force_login(nobody)
    assert client.get(path.format(**records)).status_code == 403


@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_board_members_read_meetings_actions_and_decisions(board_client, records, path):
    assert board_client.get(path.format(**records)).status_code == 200


@pytest.mark.parametrize("path", ADMIN_PAGES)
@pytest.mark.parametrize("who", ["hlep_board_member", "hlep_officer"])
def test_only_partnership_admins_manage_meetings(client, request, records, who, path):
    client.force_login(request.getfixturevalue(who))
    assert client.get(path.format(**records)).status_code == 403
    assert client.post(path.format(**records), {"title": "Changed"}).status_code == 403


@pytest.mark.parametrize("path", ADMIN_PAGES + OFFICER_PAGES)
def test_admins_open_every_management_page(admin_client_, records, path):
    assert admin_client_.get(path.format(**records)).status_code == 200


@pytest.mark.parametrize("path", OFFICER_PAGES)
def test_board_members_do_not_add_actions_proposals_or_papers(board_client, records, path):
    assert board_client.get(path.format(**records)).status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/meetings/{meeting}/",
        "/meetings/{meeting}/meeting.ics",
        "/meetings/proposals/{proposal}/",
        "/meetings/agenda/{item}/edit/",
    ],
)
def test_an_outsider_sees_nothing_of_this_partnership(client, outsider, records, path):
    client.force_login(outsider)
    assert client.get(path.format(**records)).status_code in (403, 404)


def test_an_outsider_finds_no_meeting_of_another_partnership(client, outsider, records):
    client.force_login(outsider)
    assert client.get(f"/meetings/{records['meeting']}/").status_code == 404
    assert client.get(f"/meetings/proposals/{records['proposal']}/").status_code == 404
    page = client.get("/meetings/")
    assert page.status_code == 200
    assert b"Council Chamber" not in page.content
