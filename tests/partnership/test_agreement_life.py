"""The agreement's own life in Accord: each party's signature, its review date, amendments that make
the next version (records following their clause), and the comparison of two versions."""

import base64
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from partnership.agreement_text import parse_agreement
from partnership.models import Agreement
from partnership.services import (
    amend_agreement,
    import_agreement,
    record_signature,
    rename_clause,
    set_review_date,
)
from tests.conftest import ADMIN, SEED
from tests.factories import PersonFactory
from tests.projects.factories import ProjectFactory

OLD_2_3_5 = "- 2.3.5 **Deliver joint projects** of mutual benefit that improve the lives of residents"
NEW_2_3_5 = "- 2.3.5 **Deliver joint projects** of lasting mutual value that improve the lives of residents"
CLAUSE_2_3_7 = (
    "  - 2.3.7 **Share information, data and evidence** that informs the future development of the region.\n"
)


def amended_text() -> bytes:
    """The seed with 2.3.5 reworded and 2.3.7 dropped."""
    text = SEED.read_text()
    assert OLD_2_3_5 in text and CLAUSE_2_3_7 in text
    return text.replace(OLD_2_3_5, NEW_2_3_5).replace(CLAUSE_2_3_7, "").encode()


def sign_data(day: datetime.date, **values) -> dict:
    return {
        "signatory_name": "Adam Chair",
        "signatory_role": "Chair of the Board",
        "approved_by": "HLEP Board, 12 March 2025, minute 6",
        "signed_on_0": day.day,
        "signed_on_1": day.month,
        "signed_on_2": day.year,
        **values,
    }


def sign_url(agreement, organisation) -> str:
    return f"/agreement/v{agreement.version}/signatures/{organisation.pk}/"


@pytest.fixture
def cpca_admin(cpca):
    return PersonFactory(first_name="Connor", last_name="Webb", roles=[(cpca, ADMIN)])


@pytest.fixture
def project_for(partnership, hlep):
    def make(clause):
        return ProjectFactory(partnership=partnership, lead_organisation=hlep, commitments=[clause])

    return make


def test_each_partys_admin_records_its_signature_and_the_agreement_is_signed_after_both(
    client, agreement, hlep, cpca, admin_person, cpca_admin
):
    today = timezone.localdate()
    client.force_login(admin_person)
    page = client.get("/agreement/")
    assert sign_url(agreement, hlep) in page.content.decode()
    assert sign_url(agreement, cpca) not in page.content.decode()  # CPCA's admins sign for CPCA

    response = client.post(sign_url(agreement, hlep), sign_data(today))
    assert response.status_code == 302
    signature = agreement.signatures.get(organisation=hlep)
    assert (signature.signatory_name, signature.signatory_role, signature.signed_on) == (
        "Adam Chair",
        "Chair of the Board",
        today,
    )
    assert signature.approved_by == "HLEP Board, 12 March 2025, minute 6"
    assert signature.recorded_by == admin_person
    assert signature.history.first().history_user == admin_person
    assert agreement.status == Agreement.Status.DRAFT  # CPCA has not signed yet

    client.force_login(cpca_admin)
    client.post(sign_url(agreement, cpca), sign_data(today, signatory_name="Carol Mayor"))
    assert agreement.status == Agreement.Status.SIGNED
    page = client.get("/agreement/").content.decode()
    assert "Carol Mayor" in page and "HLEP Board, 12 March 2025, minute 6" in page


def test_another_partys_admin_cannot_record_its_signature(client, agreement, hlep, cpca_admin):
    client.force_login(cpca_admin)
    assert client.get(sign_url(agreement, hlep)).status_code == 403
    assert client.post(sign_url(agreement, hlep), sign_data(timezone.localdate())).status_code == 403
    assert not agreement.signatures.get(organisation=hlep).is_signed
    with pytest.raises(PermissionDenied):
        record_signature(
            agreement.signatures.get(organisation=hlep),
            signatory_name="X",
            signatory_role="Y",
            signed_on=timezone.localdate(),
            approved_by="Z",
            by=cpca_admin,
        )


def test_an_officer_cannot_record_their_own_partys_signature(officer_client, agreement, hlep):
    response = officer_client.post(sign_url(agreement, hlep), sign_data(timezone.localdate()))
    assert response.status_code == 403
    assert not agreement.signatures.get(organisation=hlep).is_signed


def test_another_partnerships_people_do_not_find_the_signature(client, agreement, hlep, outsider):
    client.force_login(outsider)
    assert client.post(sign_url(agreement, hlep), sign_data(timezone.localdate())).status_code == 404


def test_a_signing_date_in_the_future_is_a_form_error(admin_client_, agreement, hlep):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = admin_client_.post(sign_url(agreement, hlep), sign_data(tomorrow))
    assert response.status_code == 200
    assert "The date of signing must be today or in the past" in response.content.decode()
    assert not agreement.signatures.get(organisation=hlep).is_signed


def test_a_paper_signature_from_before_the_import_is_recorded(admin_client_, agreement, hlep):
    """The agreement was signed on paper before Accord held it: that real date is accepted."""
    signed_on = timezone.localdate(agreement.imported_at) - datetime.timedelta(days=400)
    response = admin_client_.post(sign_url(agreement, hlep), sign_data(signed_on))
    assert response.status_code == 302
    assert agreement.signatures.get(organisation=hlep).signed_on == signed_on


def test_a_superseded_version_is_not_signed(admin_client_, agreement, hlep, admin_person):
    amend_agreement(agreement.partnership, parse_agreement(amended_text()), by=admin_person)
    response = admin_client_.post(sign_url(agreement, hlep), sign_data(timezone.localdate()))
    assert response.status_code == 302
    assert not agreement.signatures.get(organisation=hlep).is_signed
    with pytest.raises(ValidationError, match="replaced by a later version"):
        record_signature(
            agreement.signatures.get(organisation=hlep),
            signatory_name="Adam Chair",
            signatory_role="Chair",
            signed_on=timezone.localdate(),
            approved_by="HLEP Board",
            by=admin_person,
        )


def test_a_partnership_admin_sets_the_review_date_and_an_officer_cannot(
    client, agreement, admin_person, hlep_officer
):
    client.force_login(hlep_officer)
    assert client.post("/agreement/review-date/", {}).status_code == 403
    client.force_login(admin_person)
    response = client.post(
        "/agreement/review-date/", {"review_on_0": "31", "review_on_1": "3", "review_on_2": "2027"}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.review_on == datetime.date(2027, 3, 31)
    assert agreement.history.first().history_user == admin_person


def test_amending_makes_the_next_version_and_moves_records_to_the_clause_of_the_same_number(
    admin_client_, agreement, project_for, admin_person
):
    delivers = project_for(agreement.clauses.get(number="2.3.5"))
    shares = project_for(agreement.clauses.get(number="2.3.7"))

    preview = admin_client_.post(
        "/agreement/amend/", {"document": SimpleUploadedFile("agreement.md", amended_text())}
    )
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Check the changes" in page
    assert '<ins class="accord-ins"><span class="govuk-visually-hidden">added: </span>lasting</ins>' in page
    assert shares.title in page  # left behind: 2.3.7 is gone
    assert Agreement.objects.count() == 1  # nothing saved before the admin confirms

    response = admin_client_.post("/agreement/amend/", {"text": base64.b64encode(amended_text()).decode()})
    assert response.status_code == 302
    assert response.url == "/agreement/compare/v1/v2/"
    v2 = agreement.partnership.current_agreement
    assert v2.version == 2
    assert agreement.status == Agreement.Status.SUPERSEDED
    assert list(delivers.commitments.all()) == [v2.clauses.get(number="2.3.5")]
    assert list(shares.commitments.all()) == [agreement.clauses.get(number="2.3.7")]  # kept its link
    assert v2.history.first().history_user == admin_person
    assert delivers.history.first().history_user == admin_person
    project_page = admin_client_.get(f"/projects/{delivers.pk}/").content.decode()
    assert "Commitments: moved 2.3.5 to version 2" in project_page
    assert "removed 2.3.5" not in project_page

    comparison = admin_client_.get(response.url).content.decode()
    assert "2.3.5" in comparison
    assert (
        '<ins class="accord-ins"><span class="govuk-visually-hidden">added: </span>lasting</ins>'
        in comparison
    )
    assert (
        '<del class="accord-del"><span class="govuk-visually-hidden">removed: </span>benefit</del>'
        in comparison
    )
    assert (
        '<ins class="accord-ins"><span class="govuk-visually-hidden">added: </span>value</ins>' in comparison
    )
    assert "Records that need a new clause (1)" in comparison
    assert shares.title in comparison and delivers.title in comparison
    assert "/agreement/compare/v1/v2/" in admin_client_.get("/agreement/").content.decode()


def test_a_text_that_cannot_be_read_shows_its_line_on_the_form(admin_client_, agreement):
    bad = SEED.read_text().replace("- 2.3.5 ", "- 2.9.5 ").encode()
    response = admin_client_.post("/agreement/amend/", {"document": SimpleUploadedFile("a.md", bad)})
    assert response.status_code == 200
    page = response.content.decode()
    line = next(n for n, text in enumerate(bad.decode().splitlines(), start=1) if "2.9.5" in text)
    assert f"Line {line}: clause 2.9.5 comes before its parent clause 2.9." in page
    assert Agreement.objects.count() == 1


def test_the_same_text_again_is_a_form_error(admin_client_, agreement):
    response = admin_client_.post(
        "/agreement/amend/", {"document": SimpleUploadedFile("a.md", SEED.read_bytes())}
    )
    assert "This is the current version’s text" in response.content.decode().replace("&#x27;", "’").replace(
        "'", "’"
    )
    assert Agreement.objects.count() == 1


def test_only_a_partnership_admin_amends(officer_client, agreement):
    response = officer_client.post("/agreement/amend/", {"text": base64.b64encode(amended_text()).decode()})
    assert response.status_code == 403
    assert Agreement.objects.count() == 1


def test_the_import_command_moves_records_too(agreement, project_for):
    project = project_for(agreement.clauses.get(number="2.3.5"))
    result = import_agreement(parse_agreement(amended_text()))
    assert result.created and result.moved == 1
    assert list(project.commitments.all()) == [result.agreement.clauses.get(number="2.3.5")]


def test_the_dashboard_says_whether_the_agreement_is_signed_and_when_it_is_reviewed(
    board_client, agreement, admin_person, cpca_admin
):
    page = board_client.get("/").content.decode()
    assert "not signed yet by HLEP and CPCA" in page
    assert "No review date is set" in page

    today = timezone.localdate()
    for signature, by in zip(agreement.signatures.order_by("pk"), (admin_person, cpca_admin), strict=True):
        record_signature(
            signature,
            signatory_name="Someone",
            signatory_role="Chair",
            signed_on=today,
            approved_by="Board",
            by=by,
        )
    set_review_date(agreement, review_on=today - datetime.timedelta(days=1), by=admin_person)
    page = board_client.get("/").content.decode()
    assert f"signed by all parties on {today:%-d %B %Y}" in page
    assert "not signed yet" not in page
    assert "Overdue</strong> Review due by" in page


def test_the_amend_and_signature_pages_ask_their_questions(admin_client_, agreement, hlep):
    amend = admin_client_.get("/agreement/amend/").content.decode()
    assert "Amend the agreement" in amend and 'enctype="multipart/form-data"' in amend
    sign = admin_client_.get(sign_url(agreement, hlep)).content.decode()
    assert "Record HLEP’s signature" in sign and "Board decision that approved it" in sign


def test_a_text_naming_other_parties_does_not_amend_this_agreement(admin_client_, agreement):
    other = SEED.read_text().replace("(CPCA)", "(ELSE)").encode()
    response = admin_client_.post("/agreement/amend/", {"document": SimpleUploadedFile("a.md", other)})
    assert "the partnership’s parties are CPCA, HLEP" in response.content.decode().replace("&#x27;", "’")
    assert Agreement.objects.count() == 1


def test_an_admins_short_title_survives_an_amendment_that_leaves_the_clause_as_it_was(
    admin_client_, agreement, admin_person
):
    rename_clause(agreement.clauses.get(number="3.2.1"), heading="Six-monthly reviews", by=admin_person)
    preview = admin_client_.post(
        "/agreement/amend/", {"document": SimpleUploadedFile("agreement.md", amended_text())}
    ).content.decode()
    assert "Six-monthly reviews" not in preview  # 3.2.1 is not listed as changed

    amend_agreement(agreement.partnership, parse_agreement(amended_text()), by=admin_person)
    v2 = agreement.partnership.current_agreement
    assert v2.clauses.get(number="3.2.1").heading == "Six-monthly reviews"
    assert v2.clauses.get(number="2.3.5").heading == "Deliver joint projects"
