from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, axe_violations, sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_page_is_accessible(page):
    assert_accessible(page, "/accounts/login/")
    assert_accessible(page, "/accounts/password-reset/")
    assert_accessible(page, "/accessibility/")


def test_a_board_member_signs_in_and_every_partnership_page_is_accessible(
    page, hlep_board_member, hlep, agreement
):
    sign_in(page, hlep_board_member)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    for path in [
        "/",
        "/partnership/",
        f"/partnership/organisations/{hlep.pk}/",
        "/agreement/",
        "/agreement/v1/clauses/2.3.4/",
        "/agreement/v1/clauses/3.1/",
        f"/people/{hlep_board_member.pk}/",
        "/profile/",
        "/profile/email/",
    ]:
        assert_accessible(page, path)


def test_an_admin_manages_people_on_accessible_pages(page, admin_person, hlep):
    sign_in(page, admin_person)
    for path in [
        "/people/",
        "/people/new/",
        f"/people/{admin_person.pk}/edit/",
        "/partnership/organisations/new/",
        f"/partnership/organisations/{hlep.pk}/edit/",
        f"/partnership/organisations/{hlep.pk}/board/edit/",
    ]:
        assert_accessible(page, path)


def test_a_form_with_errors_is_still_accessible(page, admin_person, hlep):
    sign_in(page, admin_person)
    page.goto("/people/new/")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(
        page.get_by_role("link", name="Enter a valid email address.").or_(
            page.get_by_role("link", name="This field is required.").first
        )
    ).to_be_visible()
    assert axe_violations(page) == []


def test_consultations_and_shared_evidence_pages_are_accessible(page, hlep_officer, cpca, partnership):
    from partnership.demo import load_consultations_and_evidence
    from partnership.models import Consultation, Evidence

    load_consultations_and_evidence(partnership)
    consultation = Consultation.objects.get(consulting_organisation__short_name="HLEP")
    evidence = Evidence.objects.filter(owner__short_name="HLEP").first()
    sign_in(page, hlep_officer)
    for path in [
        "/consultations/",
        "/consultations/?status=overdue",
        "/consultations/new/",
        consultation.get_absolute_url(),
        f"/consultations/{consultation.pk}/edit/",
        "/evidence/",
        "/evidence/new/",
        evidence.get_absolute_url(),
        f"/evidence/{evidence.pk}/edit/",
    ]:
        assert_accessible(page, path)
    page.goto("/consultations/new/")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert axe_violations(page) == []


def test_the_dashboard_review_pack_and_api_key_pages_are_accessible(
    page, hlep_board_member, hlep, partnership
):
    from datetime import timedelta

    from django.utils import timezone

    from projects.models import Project
    from projects.seed import ensure_reference_data
    from tests.meetings.factories import MeetingFactory
    from tests.projects.factories import OutcomeReportFactory, OutcomeTargetFactory, ProjectFactory

    ensure_reference_data()  # a browser test's database starts without the migrations' data
    red = ProjectFactory(
        partnership=partnership, lead_organisation=hlep, rag=Project.Rag.RED, rag_reason="Late"
    )
    OutcomeTargetFactory(project=red)
    OutcomeReportFactory(project=red)
    review = MeetingFactory(partnership=partnership, host=hlep, starts_at=timezone.now() + timedelta(days=3))
    sign_in(page, hlep_board_member)
    for path in ["/", f"/reviews/{review.pk}/pack/", "/profile/api-key/"]:
        assert_accessible(page, path)
    page.get_by_role("button", name="Create a key").click()
    expect(page.get_by_role("button", name="Revoke the key")).to_be_visible()
    assert axe_violations(page) == []


def test_a_person_changes_their_email_on_accessible_pages(page, hlep_officer, mailoutbox):
    sign_in(page, hlep_officer)
    assert_accessible(page, "/profile/email/")
    page.get_by_label("New email address").fill("hugo.dale@hlep.example")
    page.get_by_label("Your current password").fill(PASSWORD)
    page.get_by_role("button", name="Send the confirmation link").click()
    expect(page.get_by_text("We have sent a link to hugo.dale@hlep.example")).to_be_visible()
    (confirmation,) = [email for email in mailoutbox if email.to == ["hugo.dale@hlep.example"]]
    link = next(word for word in confirmation.body.split() if "/profile/email/confirm/" in word)
    assert_accessible(page, urlsplit(link).path)
    page.get_by_role("button", name="Use this email address").click()
    expect(page.get_by_text("You now sign in as hugo.dale@hlep.example")).to_be_visible()
