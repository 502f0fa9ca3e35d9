"""Odd input never breaks a page: dates and sums at their extremes, records stored at the calendar's
edge, control bytes in URLs, long or missing file names. Each answers with a clear message or a 404."""

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from funding.models import FundingOpportunity
from meetings.models import CalendarFeed
from partnership.models import Consultation, ConsultationResponse, Evidence
from tests.factories import ConsultationFactory
from tests.funding.factories import BidFactory, FundingOpportunityFactory
from tests.funding.test_opportunities import form_data as opportunity_form
from tests.meetings.factories import ActionFactory, AgendaItemFactory, MeetingFactory, schedule
from tests.partnership.test_consultations import PDF, consultation_form, date_fields
from tests.partnership.test_evidence import evidence_form

THE_END = date(9999, 12, 31)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-25 10:00 +0000", tick=False):
        yield


def feed_of(person):
    return CalendarFeed.objects.create(person=person).get_absolute_url()


def test_an_opportunity_closing_at_the_end_of_time_leaves_every_feed_working(
    client, partnership, hlep, hlep_officer
):
    # Stored directly, as an import or the shell might: the forms would refuse the date.
    opportunity = FundingOpportunityFactory(partnership=partnership, closes_on=THE_END)
    BidFactory(opportunity=opportunity, lead_organisation=hlep)
    response = client.get(feed_of(hlep_officer))
    assert response.status_code == 200
    assert b"DTSTART;VALUE=DATE:99991231" in response.content


def test_an_action_due_at_the_end_of_time_leaves_the_owners_feed_working(
    client, partnership, hlep, hlep_officer
):
    meeting = MeetingFactory(partnership=partnership, host=hlep)
    ActionFactory(meeting=meeting, owner=hlep_officer, due_date=THE_END)
    response = client.get(feed_of(hlep_officer))
    assert response.status_code == 200
    assert b"Action due" in response.content


@pytest.mark.parametrize("year", [1, 1899, 2101, 9999])
def test_a_form_refuses_a_date_outside_the_years_accord_handles(officer_client, hlep, cpca, year):
    response = officer_client.post(
        "/consultations/new/", consultation_form(hlep, cpca, **date_fields("opens_on", date(year, 1, 1)))
    )
    assert response.status_code == 200
    assert "Enter a date between 1900 and 2100" in response.content.decode()
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(
    "budget, message",
    [
        ("NaN", "Enter an amount in pounds"),
        ("Infinity", "Enter an amount in pounds"),
        ("1e999999", "no more than £100,000,000,000"),
        ("100000000000.01", "no more than £100,000,000,000"),
        ("12.345", "no more than 2 decimal places"),
        ("-5", "£0 or more"),
    ],
)
def test_a_project_budget_must_be_a_real_amount_of_money(officer_client, hlep, commitment, budget, message):
    response = officer_client.post(
        "/projects/new/",
        {
            "title": "Corridor incubator",
            "lead_organisation": hlep.pk,
            "sector": "life_sciences",
            "commitments": [commitment.pk],
            "status": "proposed",
            "rag": "green",
            "budget": budget,
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_project_budget_may_be_typed_with_a_pound_sign_and_commas(officer_client, hlep, commitment):
    response = officer_client.post(
        "/projects/new/",
        {
            "title": "Corridor incubator",
            "lead_organisation": hlep.pk,
            "sector": "life_sciences",
            "commitments": [commitment.pk],
            "status": "proposed",
            "rag": "green",
            "budget": "£1,250,000.50",
        },
    )
    assert response.status_code == 302
    assert str(hlep.led_projects.get().budget) == "1250000.50"


def test_a_nul_in_a_calendar_path_is_not_found_even_signed_out(client, db):
    assert client.get("/meetings/calendar/%00.ics").status_code == 404


def test_a_nul_in_a_clause_number_is_not_found(board_client):
    assert board_client.get("/agreement/v1/clauses/%00/").status_code == 404


@pytest.mark.parametrize(
    "url", ["/projects/?sector=%00", "/api/v1/projects/?sector=life%00", "/evidence/?q=%01"]
)
def test_a_control_byte_in_a_filter_is_not_found(board_client, url):
    assert board_client.get(url).status_code == 404


def test_an_evidence_file_with_a_very_long_name_is_stored_under_a_name_of_ours(officer_client, hlep):
    long_name = "é" * 200 + ".pdf"  # 200 characters, 400 bytes: longer than any file system allows
    response = officer_client.post(
        "/evidence/new/", evidence_form(hlep, link="", file=SimpleUploadedFile(long_name, PDF))
    )
    evidence = Evidence.objects.get()
    assert response["Location"] == evidence.get_absolute_url()
    assert evidence.file.name.endswith(".pdf") and "é" not in evidence.file.name
    assert evidence.file_name.endswith(".pdf") and len(evidence.file_name.encode()) <= 255
    download = officer_client.get(f"/evidence/{evidence.pk}/file/")
    assert download.getvalue() == PDF
    assert "%C3%A9%C3%A9" in download["Content-Disposition"]  # the person's name, not ours


def test_a_consultation_document_with_a_very_long_name_is_kept(officer_client, hlep, cpca):
    long_name = "ü" * 250 + ".pdf"
    response = officer_client.post(
        "/consultations/new/",
        consultation_form(hlep, cpca, link="", document=SimpleUploadedFile(long_name, PDF)),
    )
    consultation = Consultation.objects.get()
    assert response["Location"] == consultation.get_absolute_url()
    assert consultation.document_name.startswith("üü") and consultation.document_name.endswith(".pdf")
    assert officer_client.get(f"/consultations/{consultation.pk}/document/").getvalue() == PDF


def test_an_evidence_file_missing_on_disk_is_not_found(board_client, partnership, hlep):
    evidence = Evidence.objects.create(
        partnership=partnership,
        owner=hlep,
        title="Business survey",
        description="Firms",
        file="evidence/2026/gone.pdf",
        sharing_basis=Evidence.SharingBasis.PARTNERS_ONLY,
        shared_on=date(2026, 1, 1),
        next_review_on=date(2026, 6, 1),
    )
    assert board_client.get(f"/evidence/{evidence.pk}/file/").status_code == 404


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"closes_on": "9999-12-31"}, "Enter a date between 1900 and 2100"),
        ({"opens_on": "0001-01-01"}, "Enter a date between 1900 and 2100"),
        ({"amount_available": "1e999999"}, "Enter an amount of no more than £100,000,000,000"),
        ({"amount_available": "100000000000.01"}, "no more than £100,000,000,000"),
    ],
)
def test_a_funding_opportunity_refuses_dates_and_sums_past_the_bounds(officer_client, overrides, message):
    response = officer_client.post("/funding/opportunities/new/", opportunity_form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FundingOpportunity.objects.exists()


def test_a_response_attachment_with_a_very_long_name_is_kept(officer_client, partnership, hlep, cpca):
    consultation = ConsultationFactory(partnership=partnership, consulting_organisation=cpca)
    response = ConsultationResponse.objects.create(consultation=consultation, organisation=hlep)
    long_name = "Ответ" * 60 + ".pdf"  # 300 characters, 604 bytes
    officer_client.post(
        f"/consultations/{consultation.pk}/responses/{response.pk}/",
        {
            "text": "We support it.",
            "attachment": SimpleUploadedFile(long_name, PDF),
            **date_fields("responded_on", date(2026, 11, 25)),
        },
    )
    response.refresh_from_db()
    assert response.attachment.name.startswith("consultation-responses/2026/")
    assert response.attachment_name.startswith("ОтветОтвет") and response.attachment_name.endswith(".pdf")
    assert len(response.attachment_name.encode()) <= 255
    download = officer_client.get(f"/consultations/{consultation.pk}/responses/{response.pk}/attachment/")
    assert download.getvalue() == PDF


def test_a_paper_with_a_very_long_name_is_stored_under_a_name_of_ours(
    officer_client, partnership, hlep, hlep_officer
):
    item = AgendaItemFactory(meeting=schedule(partnership, hlep, by=hlep_officer))
    long_name = "ß" * 190 + ".pdf"  # within the form's 200 characters, yet 384 bytes
    answer = officer_client.post(
        f"/meetings/agenda/{item.pk}/papers/new/",
        {"title": "Paper", "file": SimpleUploadedFile(long_name, PDF)},
    )
    assert answer.status_code == 302
    paper = item.papers.get()
    assert paper.file.name.startswith("papers/") and "ß" not in paper.file.name
    assert officer_client.get(paper.get_absolute_url()).getvalue() == PDF
