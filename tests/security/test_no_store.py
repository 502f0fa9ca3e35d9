"""Nothing Accord sends is kept by a browser or a proxy: after signing out on a shared computer, the
back button or a cache shows none of its pages, papers or keys."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token

from meetings.services import upload_paper
from tests.meetings.factories import schedule

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def kept_nowhere(response) -> bool:
    return "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "path", ["/", "/partnership/", "/projects/", "/meetings/", "/profile/", "/profile/api-key/"]
)
def test_signed_in_pages_are_not_stored(board_client, path):
    response = board_client.get(path)
    assert response.status_code == 200
    assert kept_nowhere(response)


def test_a_paper_downloaded_is_not_stored(board_client, partnership, hlep, admin_person):
    meeting = schedule(partnership, hlep, by=admin_person)
    paper = upload_paper(
        meeting.agenda_items.first(),
        title="Review",
        file=SimpleUploadedFile("review.pdf", PDF, content_type="application/pdf"),
        by=admin_person,
    )
    response = board_client.get(f"/meetings/papers/{paper.pk}/")
    assert response.status_code == 200 and response.getvalue() == PDF
    assert kept_nowhere(response)


def test_a_redirect_and_a_refusal_are_not_stored_either(board_client, nobody, client):
    assert kept_nowhere(board_client.post("/profile/api-key/", {"action": "create"}))
    client.force_login(nobody)
    refused = client.get("/people/")
    assert refused.status_code == 403 and kept_nowhere(refused)


def test_the_api_read_with_a_key_is_not_stored(client, hlep_officer):
    key = Token.objects.create(user=hlep_officer).key
    response = client.get("/api/v1/projects/", headers={"Authorization": f"Token {key}"})
    assert response.status_code == 200
    assert kept_nowhere(response)


@pytest.mark.parametrize("path", ["/accounts/login/", "/accessibility/"])
def test_public_pages_are_not_stored_either(client, agreement, path):
    response = client.get(path)
    assert response.status_code == 200
    assert kept_nowhere(response)
