"""A partnership admin changes the short title a clause is known by, from the clause's page; nobody
else can, and the agreement's wording is left as it was."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from partnership.services import rename_clause
from tests.factories import AgreementFactory, ClauseFactory, OrganisationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

CHANGE_LINK = "Change the short title"


def short_title_url(clause) -> str:
    return reverse("partnership:clause-short-title", args=[clause.agreement.version, clause.number])


@pytest.fixture
def meetings_clause(agreement):
    return agreement.clauses.get(number="3.2.1")


def test_the_clause_page_is_titled_with_its_short_title(board_client, meetings_clause):
    page = board_client.get(meetings_clause.get_absolute_url()).content.decode()

    assert "<title>Clause 3.2.1: Meet every six months to review joint working" in page
    assert '<h1 class="govuk-heading-xl">Meet every six months to review joint working</h1>' in page
    assert CHANGE_LINK not in page  # only admins see the link


def test_an_admin_changes_the_short_title_and_the_history_names_them(
    admin_client_, admin_person, meetings_clause
):
    page = admin_client_.get(meetings_clause.get_absolute_url()).content.decode()
    assert CHANGE_LINK in page
    form = admin_client_.get(short_title_url(meetings_clause)).content.decode()
    assert 'value="Meet every six months to review joint working"' in form

    response = admin_client_.post(short_title_url(meetings_clause), {"heading": "  Six-monthly   reviews "})

    assert response.status_code == 302
    meetings_clause.refresh_from_db()
    assert meetings_clause.heading == "Six-monthly reviews"
    assert meetings_clause.text.startswith("Meet every six months to review joint working, identify")
    assert str(meetings_clause) == "3.2.1 Six-monthly reviews"
    assert meetings_clause.history.first().history_user == admin_person
    page = admin_client_.get(meetings_clause.get_absolute_url()).content.decode()
    assert "Short title: Meet every six months to review joint working → Six-monthly reviews" in page
    assert "Hana Evans" in page


@pytest.mark.parametrize(
    ("heading", "error"),
    [("   ", "Enter a short title"), ("x" * 121, "Short title must be 120 characters or fewer")],
)
def test_a_blank_or_too_long_short_title_is_the_forms_error(admin_client_, meetings_clause, heading, error):
    response = admin_client_.post(short_title_url(meetings_clause), {"heading": heading})

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert error in response.text
    meetings_clause.refresh_from_db()
    assert meetings_clause.heading == "Meet every six months to review joint working"


def test_someone_who_is_not_an_admin_may_not_change_it(officer_client, board_client, meetings_clause):
    for client in (officer_client, board_client):
        assert client.get(short_title_url(meetings_clause)).status_code == 403
        assert client.post(short_title_url(meetings_clause), {"heading": "Changed"}).status_code == 403

    meetings_clause.refresh_from_db()
    assert meetings_clause.heading == "Meet every six months to review joint working"


def test_a_clause_of_another_partnership_is_not_found(admin_client_, agreement):
    elsewhere = OrganisationFactory(short_name="ELSE", name="Elsewhere Council")
    other = AgreementFactory(partnership=PartnershipFactory(parties=[elsewhere]), version=1)
    theirs = ClauseFactory(agreement=other, number="9.1", heading="Their clause")

    assert admin_client_.get(short_title_url(theirs)).status_code == 404
    assert admin_client_.post(short_title_url(theirs), {"heading": "Ours now"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.heading == "Their clause"


def test_the_service_holds_the_same_rules_for_callers_without_the_form(
    admin_person, hlep_officer, meetings_clause
):
    with pytest.raises(PermissionDenied):
        rename_clause(meetings_clause, heading="Six-monthly reviews", by=hlep_officer)
    with pytest.raises(ValidationError):
        rename_clause(meetings_clause, heading=" ", by=admin_person)

    meetings_clause.refresh_from_db()
    assert meetings_clause.heading == "Meet every six months to review joint working"
