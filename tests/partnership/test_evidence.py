"""2.3.7: the parties keep a register of the data and evidence they share."""

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnership.models import Evidence
from tests.partnership.test_consultations import date_fields


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def evidence_form(owner, **overrides) -> dict:
    return {
        "title": "Business survey 2026",
        "owner": owner.pk,
        "description": "Responses from 1,200 firms.",
        "link": "https://example.org/survey",
        "sharing_basis": Evidence.SharingBasis.OPEN_GOVERNMENT_LICENCE,
        **date_fields("shared_on", date(2026, 11, 1)),
        **date_fields("next_review_on", date(2027, 5, 1)),
        **overrides,
    }


@pytest.fixture
def survey(partnership, hlep):
    return Evidence.objects.create(
        partnership=partnership,
        owner=hlep,
        title="Business survey",
        description="Firms",
        link="https://example.org",
        sharing_basis=Evidence.SharingBasis.PARTNERS_ONLY,
        shared_on=date(2026, 1, 1),
        next_review_on=date(2026, 6, 1),
    )


def test_an_officer_adds_a_spreadsheet_to_the_register(officer_client, hlep, commitment):
    spreadsheet = xlsx_bytes()
    upload = SimpleUploadedFile("survey.xlsx", spreadsheet)
    response = officer_client.post(
        "/evidence/new/", evidence_form(hlep, link="", file=upload, commitments=[commitment.pk])
    )
    evidence = Evidence.objects.get()
    assert response["Location"] == evidence.get_absolute_url()
    assert evidence.owner == hlep and list(evidence.commitments.all()) == [commitment]
    assert officer_client.get(f"/evidence/{evidence.pk}/file/").getvalue() == spreadsheet


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"link": ""}, "file", "Upload a file or give a link"),
        (date_fields("next_review_on", date(2026, 10, 1)), "next_review_on", "on or after the date shared"),
        ({"file": SimpleUploadedFile("survey.xlsx", b"just text")}, "file", "not a real XLSX"),
        ({"file": SimpleUploadedFile("survey.exe", b"MZ")}, "file", "must be a PDF, DOCX, XLSX or ODT"),
    ],
)
def test_bad_evidence_is_explained_and_not_saved(officer_client, hlep, overrides, field, message):
    response = officer_client.post("/evidence/new/", evidence_form(hlep, **overrides))
    assert message in " ".join(response.context["form"].errors[field])
    assert not Evidence.objects.exists()


def test_items_past_their_review_date_are_flagged(board_client, survey, partnership, cpca):
    Evidence.objects.create(
        partnership=partnership,
        owner=cpca,
        title="Housing completions",
        description="By district",
        link="https://example.org",
        sharing_basis=Evidence.SharingBasis.OPEN_GOVERNMENT_LICENCE,
        shared_on=date.today(),
        next_review_on=date.today() + timedelta(days=90),
    )
    due = board_client.get("/evidence/", {"due": "true"})
    assert [e.title for e in due.context["evidence"]] == ["Business survey"]
    assert b"due for review" in board_client.get(survey.get_absolute_url()).content


@pytest.mark.parametrize("who", ["cpca_officer", "hlep_board_member"])
def test_only_the_owners_officers_change_an_item(client, request, who, survey):
    client.force_login(request.getfixturevalue(who))
    assert client.post(f"/evidence/{survey.pk}/edit/", {"title": "Changed"}).status_code == 403
    survey.refresh_from_db()
    assert survey.title == "Business survey"


def test_another_partnerships_people_cannot_see_the_file(client, outsider, survey):
    client.force_login(outsider)
    assert client.get(f"/evidence/{survey.pk}/").status_code == 404
    assert client.get(f"/evidence/{survey.pk}/file/").status_code == 404


def test_the_page_links_the_file_by_the_name_it_was_uploaded_with(officer_client, hlep):
    upload = SimpleUploadedFile("Business survey <2026>.xlsx", xlsx_bytes())
    officer_client.post("/evidence/new/", evidence_form(hlep, link="", file=upload))
    evidence = Evidence.objects.get()
    assert not evidence.file.name.endswith("Business survey <2026>.xlsx")
    page = officer_client.get(evidence.get_absolute_url()).content.decode()
    assert '<span class="govuk-visually-hidden">Download </span>Business survey &lt;2026&gt;.xlsx</a>' in page
    assert "Download the file" not in page
