"""Whatever is typed into a meetings form, the page answers with errors, never a 500, and saves
nothing half-done."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.models import Minutes
from tests.meetings.factories import ActionFactory, ProposalFactory

FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"', re.I)
JUNK = ["", "x" * 400, "-1", "0", "99999999999999999999", "31", "abc", "25:99", "javascript:alert(1)"]


@pytest.fixture
def pages(meeting, partnership, hlep, hlep_officer, admin_person):
    item = meeting.agenda_items.first()
    action = ActionFactory(meeting=meeting, owner=hlep_officer, owner_organisation=hlep)
    Minutes.objects.create(meeting=meeting, text="Draft.", drafted_by=admin_person)
    proposal = ProposalFactory(partnership=partnership)
    m = meeting.pk
    return [
        "/meetings/series/",
        "/meetings/new/",
        f"/meetings/{m}/edit/",
        f"/meetings/{m}/cancel/",
        f"/meetings/{m}/attendance/",
        f"/meetings/{m}/agenda/new/",
        f"/meetings/{m}/minutes/",
        f"/meetings/{m}/minutes/approve/",
        f"/meetings/{m}/actions/new/",
        f"/meetings/{m}/priorities/new/",
        f"/meetings/agenda/{item.pk}/edit/",
        f"/meetings/agenda/{item.pk}/papers/new/",
        f"/meetings/actions/{action.pk}/edit/",
        "/meetings/proposals/new/",
        f"/meetings/proposals/{proposal.pk}/decision/?board=abc",
        "/meetings/actions/?owner=abc&owner_organisation=-1&status=zzz&overdue=maybe",
        "/meetings/decisions/?status=zzz",
    ]


def post_junk(client, url):
    page = client.get(url)
    assert page.status_code == 200, url
    names = set(FIELD.findall(page.content.decode())) - {"csrfmiddlewaretoken"}
    for junk in JUNK:
        data = {name: junk for name in names}
        if "file" in names:
            data["file"] = SimpleUploadedFile(f"{junk[:20]}.pdf", junk.encode())
        response = client.post(url, data)
        assert response.status_code < 500, (url, junk)


def test_no_meetings_form_answers_500_whatever_is_posted(admin_client_, pages):
    for url in pages:
        post_junk(admin_client_, url)


def test_no_answer_to_an_invitation_causes_a_500(board_client, meeting):
    post_junk(board_client, f"/meetings/{meeting.pk}/answer/")
