"""3.4: a party consults the others on a strategic document; each consulted party responds; the
duty-to-cooperate log shows who owes what."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from partnership.models import Consultation, ConsultationResponse
from tests.factories import ConsultationFactory

TODAY = date(2026, 11, 25)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def date_fields(name: str, day: date) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def consultation_form(consulting, party, **overrides) -> dict:
    return {
        "consulting_organisation": consulting.pk,
        "consulted": [party.pk],
        "kind": Consultation.Document.LOCAL_INDUSTRIAL_STRATEGY,
        "title": "Local Industrial Strategy refresh",
        "summary": "Our draft priorities for 2027 to 2030.",
        "link": "https://example.org/lis",
        **date_fields("opens_on", TODAY),
        **date_fields("respond_by", TODAY + timedelta(days=42)),
        **overrides,
    }


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-25 10:00 +0000", tick=False):
        yield


@pytest.fixture
def consultation(hlep, cpca, partnership, hlep_officer):
    consultation = ConsultationFactory(
        partnership=partnership,
        consulting_organisation=hlep,
        kind=Consultation.Document.SKILLS_PLAN,
        title="Hertfordshire skills plan",
        link="https://example.org/skills",
        opens_on=TODAY - timedelta(days=10),
        respond_by=TODAY + timedelta(days=20),
        opened_by=hlep_officer,
    )
    ConsultationResponse.objects.create(consultation=consultation, organisation=cpca)
    return consultation


def test_an_officer_opens_a_consultation_and_the_other_party_owes_a_response(
    officer_client, hlep, cpca, commitment
):
    response = officer_client.post(
        "/consultations/new/",
        consultation_form(
            hlep, cpca, commitments=[commitment.pk], document=SimpleUploadedFile("lis.pdf", PDF)
        ),
    )
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == consultation.get_absolute_url()
    assert list(consultation.commitments.all()) == [commitment]
    owed = consultation.responses.get()
    assert owed.organisation == cpca and owed.status == ConsultationResponse.Status.AWAITING
    page = officer_client.get(consultation.get_absolute_url())
    assert b"Awaiting response" in page.content and b"lis.pdf</a>" in page.content
    assert officer_client.get(f"/consultations/{consultation.pk}/document/").getvalue() == PDF


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"link": ""}, "document", "Upload the document or give a link to it"),
        (date_fields("respond_by", TODAY - timedelta(days=1)), "respond_by", "on or after the opening date"),
        ({"consulted": []}, "consulted", "Select the parties you are consulting"),
        ({"title": ""}, "title", "required"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(officer_client, hlep, cpca, overrides, field, message):
    response = officer_client.post("/consultations/new/", consultation_form(hlep, cpca, **overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert b"govuk-error-summary" in response.content
    assert not Consultation.objects.exists() and not ConsultationResponse.objects.exists()


def test_a_document_that_only_pretends_to_be_a_pdf_is_refused(officer_client, hlep, cpca):
    fake = SimpleUploadedFile("lis.pdf", b"MZ\x90\x00 this is a program")
    response = officer_client.post(
        "/consultations/new/", consultation_form(hlep, cpca, link="", document=fake)
    )
    assert "not a real PDF" in " ".join(response.context["form"].errors["document"])
    assert not Consultation.objects.exists()


def test_an_officer_cannot_open_a_consultation_in_another_partys_name(officer_client, cpca, hlep):
    response = officer_client.post("/consultations/new/", consultation_form(cpca, hlep))
    assert "consulting_organisation" in response.context["form"].errors
    assert not Consultation.objects.exists()


def test_the_consulted_partys_officer_records_the_response(client, cpca_officer, consultation):
    owed = consultation.responses.get()
    client.force_login(cpca_officer)
    response = client.post(
        f"/consultations/{consultation.pk}/responses/{owed.pk}/",
        {"text": "We support it, with one change.", **date_fields("responded_on", TODAY)},
    )
    assert response.status_code == 302
    owed.refresh_from_db()
    assert owed.status == ConsultationResponse.Status.ANSWERED and owed.responded_by == cpca_officer


def test_a_response_after_the_deadline_is_marked_late(client, cpca_officer, consultation):
    owed = consultation.responses.get()
    with time_machine.travel("2026-12-20 10:00 +0000", tick=False):
        assert owed.status == ConsultationResponse.Status.OVERDUE
        client.force_login(cpca_officer)
        client.post(
            f"/consultations/{consultation.pk}/responses/{owed.pk}/",
            {"text": "Sorry for the delay.", **date_fields("responded_on", date(2026, 12, 20))},
        )
        owed.refresh_from_db()
        assert owed.status == ConsultationResponse.Status.ANSWERED_LATE


@pytest.mark.parametrize("who", ["hlep_officer", "cpca_board_member", "hlep_board_member"])
def test_only_the_consulted_party_records_its_response(client, request, who, consultation):
    owed = consultation.responses.get()
    client.force_login(request.getfixturevalue(who))
    url = f"/consultations/{consultation.pk}/responses/{owed.pk}/"
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"text": "Not ours to say", **date_fields("responded_on", TODAY)}).status_code == 403
    )
    owed.refresh_from_db()
    assert owed.responded_on is None


@pytest.mark.parametrize("who", ["cpca_officer", "hlep_board_member"])
def test_only_the_consulting_partys_officers_change_the_consultation(client, request, who, consultation):
    client.force_login(request.getfixturevalue(who))
    assert client.post(f"/consultations/{consultation.pk}/edit/", {"title": "Changed"}).status_code == 403
    consultation.refresh_from_db()
    assert consultation.title == "Hertfordshire skills plan"


def test_the_log_shows_what_each_party_owes(board_client, consultation, cpca, hlep, partnership):
    late = ConsultationFactory(
        partnership=partnership,
        consulting_organisation=hlep,
        link="https://example.org/plan",
        opens_on=TODAY - timedelta(days=60),
        respond_by=TODAY - timedelta(days=1),
    )
    ConsultationResponse.objects.create(consultation=late, organisation=cpca)
    [row] = board_client.get("/consultations/").context["log"]
    assert (row["organisation__short_name"], row["awaiting"], row["overdue"], row["on_time"]) == (
        "CPCA",
        1,
        1,
        0,
    )
    overdue = board_client.get("/consultations/", {"status": "overdue"})
    assert [c.title for c in overdue.context["page"]] == ["Local plan"]


def test_the_consultations_page_runs_the_same_queries_at_any_size(
    board_client, consultation, partnership, hlep, cpca, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            extra = ConsultationFactory(
                partnership=partnership,
                consulting_organisation=hlep,
                kind=Consultation.Document.OTHER,
                title=f"Plan {i}",
                opens_on=TODAY,
                respond_by=TODAY,
            )
            ConsultationResponse.objects.create(consultation=extra, organisation=cpca)

    board_client.get("/consultations/")
    add(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        board_client.get("/consultations/")
    add(30)
    with django_assert_max_num_queries(len(small)):
        board_client.get("/consultations/")


def test_the_pages_link_each_file_by_the_name_it_was_uploaded_with(client, cpca_officer, consultation):
    consultation.document = SimpleUploadedFile("Skills plan – draft 3.pdf", PDF)
    consultation.save()
    owed = consultation.responses.get()
    client.force_login(cpca_officer)
    client.post(
        f"/consultations/{consultation.pk}/responses/{owed.pk}/",
        {
            "text": "We support it.",
            **date_fields("responded_on", TODAY),
            "attachment": SimpleUploadedFile("CPCA reply.pdf", PDF),
        },
    )
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert '<span class="govuk-visually-hidden">Download </span>Skills plan – draft 3.pdf</a>' in page
    assert '<span class="govuk-visually-hidden">Download </span>CPCA reply.pdf<span' in page
    assert "Download the document" not in page
