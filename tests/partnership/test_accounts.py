"""Accounts: only the person changes their own email address, admins manage roles but never
credentials, every change to a person is kept, and password resets cannot flood a mailbox."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from partnership.models import Person
from tests.conftest import ADMIN, BOARD_MEMBER, OFFICER
from tests.factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.usefixtures("counters_afresh")


@pytest.fixture
def superuser(hlep):
    return PersonFactory(
        first_name="Sam", last_name="Root", is_superuser=True, is_staff=True, roles=[(hlep, BOARD_MEMBER)]
    )


def admin_form(hlep, cpca, person, **overrides):
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "job_title": person.job_title,
        "is_active": "on",
        f"roles_{hlep.pk}": [OFFICER],
        f"roles_{cpca.pk}": [],
    }
    return {**data, **overrides}


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def reset_password_by_email(client, address: str) -> bool:
    """Asks for a reset link for `address` and, if one arrives, sets a new password with it."""
    mail.outbox.clear()
    client.post("/accounts/password-reset/", {"email": address})
    if not mail.outbox:
        return False
    form = client.get(link_in(mail.outbox[0]), follow=True)
    new_password = "an-attackers-long-password"
    client.post(form.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    return True


# Finding 1: a partnership admin took over any account by changing its email address.


@pytest.mark.parametrize("victim", ["hlep_officer", "cpca_officer", "cpca_admin"])
def test_an_admin_cannot_take_over_an_account_by_changing_its_email(
    request, admin_client_, client, hlep, cpca, victim
):
    if victim == "cpca_admin":
        person = PersonFactory(first_name="Connor", last_name="Blake", roles=[(cpca, ADMIN)])
    else:
        person = request.getfixturevalue(victim)
    before = person.email
    admin_client_.post(
        f"/people/{person.pk}/edit/", admin_form(hlep, cpca, person, email="attacker@example.net")
    )
    person.refresh_from_db()
    assert person.email == before
    assert not reset_password_by_email(client, "attacker@example.net")


def test_the_admins_form_for_someone_already_there_has_no_email_address(admin_client_, hlep_officer):
    page = admin_client_.get(f"/people/{hlep_officer.pk}/edit/").content.decode()
    assert 'name="first_name"' in page
    assert 'name="email"' not in page


def test_an_admin_never_edits_a_superuser_or_staff_account_from_accords_pages(
    admin_client_, hlep, cpca, superuser
):
    staff = PersonFactory(first_name="Stef", last_name="Staff", is_staff=True, roles=[(hlep, OFFICER)])
    for person in (superuser, staff):
        edit = f"/people/{person.pk}/edit/"
        assert admin_client_.get(edit).status_code == 404
        response = admin_client_.post(edit, admin_form(hlep, cpca, person, first_name="Taken"))
        assert response.status_code == 404
        person.refresh_from_db()
        assert person.first_name != "Taken"
        assert edit.encode() not in admin_client_.get(f"/people/{person.pk}/").content
        assert edit.encode() not in admin_client_.get("/people/").content


def test_a_superuser_keeps_their_account_when_an_admin_tries_to_take_it(
    admin_client_, client, hlep, cpca, superuser
):
    admin_client_.post(
        f"/people/{superuser.pk}/edit/", admin_form(hlep, cpca, superuser, email="attacker@example.net")
    )
    assert not reset_password_by_email(client, "attacker@example.net")
    client.post("/accounts/login/", {"username": superuser.email, "password": "an-attackers-long-password"})
    assert client.get("/django-admin/").status_code == 302


def test_an_admin_cannot_make_anyone_a_superuser_or_staff(
    admin_client_, admin_person, hlep, cpca, hlep_officer
):
    for person in (hlep_officer, admin_person):
        admin_client_.post(
            f"/people/{person.pk}/edit/",
            admin_form(hlep, cpca, person, is_superuser="on", is_staff="on", **{f"roles_{hlep.pk}": [ADMIN]}),
        )
        person.refresh_from_db()
        assert (person.is_superuser, person.is_staff) == (False, False)
    admin_client_.post(
        "/people/new/",
        admin_form(
            hlep,
            cpca,
            hlep_officer,
            first_name="Nina",
            email="nina@example.org",
            is_superuser="on",
            is_staff="on",
        ),
    )
    nina = Person.objects.get(email="nina@example.org")
    assert (nina.is_superuser, nina.is_staff) == (False, False)


def test_an_admin_gives_and_takes_roles_only_at_their_own_party(
    admin_client_, admin_person, hlep, cpca, cpca_officer
):
    page = admin_client_.get(f"/people/{cpca_officer.pk}/edit/").content.decode()
    assert "Only CPCA’s admins change these." in page
    for person in (admin_person, cpca_officer):
        admin_client_.post(
            f"/people/{person.pk}/edit/",
            admin_form(
                hlep,
                cpca,
                person,
                is_active="" if person == cpca_officer else "on",
                **{f"roles_{hlep.pk}": [ADMIN], f"roles_{cpca.pk}": [ADMIN, BOARD_MEMBER]},
            ),
        )
    assert set(admin_person.memberships.values_list("organisation__short_name", "role")) == {("HLEP", ADMIN)}
    assert set(cpca_officer.memberships.values_list("organisation__short_name", "role")) == {
        ("HLEP", ADMIN),
        ("CPCA", OFFICER),
    }
    cpca_officer.refresh_from_db()
    assert cpca_officer.is_active  # only CPCA's admins stop a CPCA person signing in


def test_an_admin_still_gives_an_email_address_when_adding_a_person(admin_client_, hlep, cpca, hlep_officer):
    response = admin_client_.post(
        "/people/new/", admin_form(hlep, cpca, hlep_officer, first_name="Nina", email="")
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Person.objects.filter(first_name="Nina").exists()


# Only the person changes their own email address, through a link sent to the new one.


def ask_to_change_email(client, *, to: str, password: str = PASSWORD):
    return client.post("/profile/email/", {"email": to, "password": password})


def test_a_person_changes_their_email_through_a_link_sent_to_the_new_address(client, hlep_officer):
    old = hlep_officer.email
    client.force_login(hlep_officer)
    response = ask_to_change_email(client, to="Hugo.Dale@New.example.org")
    assert response.status_code == 302
    hlep_officer.refresh_from_db()
    assert hlep_officer.email == old  # nothing changes until the new address answers

    confirm, notice = sorted(mail.outbox, key=lambda m: m.to != ["hugo.dale@new.example.org"])
    assert confirm.to == ["hugo.dale@new.example.org"]
    assert confirm.alternatives and confirm.alternatives[0][1] == "text/html"
    assert notice.to == [old]
    assert "hugo.dale@new.example.org" in notice.body
    assert notice.alternatives and notice.alternatives[0][1] == "text/html"

    link = link_in(confirm)
    page = client.get(link)
    assert page.status_code == 200
    assert "hugo.dale@new.example.org" in page.content.decode()
    hlep_officer.refresh_from_db()
    assert hlep_officer.email == old  # a mail scanner opening the link changes nothing

    assert client.post(link).status_code == 302
    hlep_officer.refresh_from_db()
    assert hlep_officer.email == "hugo.dale@new.example.org"
    assert hlep_officer.history.first().history_user == hlep_officer

    # The link works once.
    again = client.post(link)
    assert again.status_code == 200
    assert "already been used" in again.content.decode()


def test_an_email_change_link_expires_after_a_day(client, hlep_officer):
    old = hlep_officer.email
    client.force_login(hlep_officer)
    ask_to_change_email(client, to="late@example.org")
    link = link_in(next(m for m in mail.outbox if m.to == ["late@example.org"]))
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        client.force_login(hlep_officer)
        response = client.post(link)
    assert response.status_code == 200
    assert "expired" in response.content.decode()
    hlep_officer.refresh_from_db()
    assert hlep_officer.email == old


def test_a_tampered_or_someone_elses_link_changes_nothing(client, hlep_officer, cpca_officer):
    client.force_login(hlep_officer)
    ask_to_change_email(client, to="mine@example.org")
    link = link_in(next(m for m in mail.outbox if m.to == ["mine@example.org"]))
    assert "not valid" in client.post(link[:-3] + "xyz/").content.decode()
    client.force_login(cpca_officer)
    assert client.post(link).status_code == 403
    hlep_officer.refresh_from_db()
    cpca_officer.refresh_from_db()
    assert "mine@example.org" not in (hlep_officer.email, cpca_officer.email)


def test_changing_email_needs_the_password_and_an_address_nobody_else_uses(
    client, hlep_officer, cpca_officer
):
    client.force_login(hlep_officer)
    wrong = ask_to_change_email(client, to="new@example.org", password="not-my-password")
    assert wrong.status_code == 200
    assert "Enter your current password" in wrong.content.decode()
    taken = ask_to_change_email(client, to=cpca_officer.email.upper())
    assert taken.status_code == 200
    assert "Another person already signs in with this email address." in taken.content.decode()
    assert mail.outbox == []


def test_an_address_taken_after_the_link_was_sent_is_refused_with_a_message(client, hlep_officer):
    client.force_login(hlep_officer)
    ask_to_change_email(client, to="wanted@example.org")
    link = link_in(next(m for m in mail.outbox if m.to == ["wanted@example.org"]))
    PersonFactory(email="wanted@example.org")
    response = client.post(link)
    assert response.status_code == 200
    assert "Another person already signs in with this email address." in response.content.decode()


def test_an_address_taken_between_the_check_and_the_save_is_refused_not_a_500(
    client, hlep_officer, monkeypatch
):
    """Two people confirming the same new address at once: the second one's check ran before the
    first saved, so the database's uniqueness is what refuses it, and the page says so."""
    client.force_login(hlep_officer)
    ask_to_change_email(client, to="wanted@example.org")
    link = link_in(next(m for m in mail.outbox if m.to == ["wanted@example.org"]))
    PersonFactory(email="wanted@example.org")
    monkeypatch.setattr("partnership.services.check_email_free", lambda email, person: None)
    response = client.post(link)
    assert response.status_code == 200
    assert "Another person already signs in with this email address." in response.content.decode()
    hlep_officer.refresh_from_db()
    assert hlep_officer.email != "wanted@example.org"


def test_the_profile_links_to_changing_the_email_address(client, hlep_officer):
    client.force_login(hlep_officer)
    assert b'href="/profile/email/"' in client.get("/profile/").content


# Every change to a person names who made it.


def test_every_change_to_a_person_names_who_made_it(
    client, admin_client_, admin_person, hlep, cpca, hlep_officer
):
    admin_client_.post(
        f"/people/{hlep_officer.pk}/edit/",
        admin_form(hlep, cpca, hlep_officer, job_title="Skills lead", **{f"roles_{hlep.pk}": [BOARD_MEMBER]}),
    )
    assert hlep_officer.history.first().history_user == admin_person
    assert {
        (m.history_type, m.role, m.history_user)
        for m in hlep_officer.memberships.model.history.filter(
            person_id=hlep_officer.pk, history_user__isnull=False
        )
    } == {("-", OFFICER, admin_person), ("+", BOARD_MEMBER, admin_person)}

    client.force_login(hlep_officer)
    client.post("/profile/", {"first_name": "Hugo", "last_name": "Dale", "job_title": "Head of skills"})
    latest = hlep_officer.history.first()
    assert (latest.job_title, latest.history_user) == ("Head of skills", hlep_officer)


# Finding 9: names are required, and password resets are limited.


def test_a_profile_needs_a_first_and_last_name(client, hlep_officer):
    client.force_login(hlep_officer)
    response = client.post("/profile/", {"first_name": " ", "last_name": "", "job_title": ""})
    assert response.status_code == 200
    assert response.content.decode().count("Enter your") >= 2
    hlep_officer.refresh_from_db()
    assert (hlep_officer.first_name, hlep_officer.last_name) == ("Hugo", "Dale")


def test_password_reset_emails_to_one_address_are_limited(client, settings, hlep_officer):
    for _ in range(10):
        response = client.post("/accounts/password-reset/", {"email": hlep_officer.email})
        assert response.status_code == 302 and response["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == settings.ACCORD_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR == 3


def test_password_reset_requests_from_one_client_are_limited(client, settings, hlep):
    people = [PersonFactory(roles=[(hlep, OFFICER)]) for _ in range(12)]
    for person in people:
        response = client.post("/accounts/password-reset/", {"email": person.email})
        assert response["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == settings.ACCORD_PASSWORD_RESETS_PER_CLIENT_PER_HOUR == 10
    other_client = client.post(
        "/accounts/password-reset/", {"email": people[-1].email}, REMOTE_ADDR="203.0.113.9"
    )
    assert other_client.status_code == 302
    assert len(mail.outbox) == 11


def test_email_change_requests_are_limited_per_person(client, settings, hlep_officer):
    client.force_login(hlep_officer)
    for number in range(settings.ACCORD_EMAIL_CHANGES_PER_PERSON_PER_HOUR):
        assert ask_to_change_email(client, to=f"new{number}@example.org").status_code == 302
    sent = len(mail.outbox)
    refused = ask_to_change_email(client, to="one.more@example.org")
    assert refused.status_code == 200
    assert "You have asked to change your email address 3 times in the past hour" in refused.content.decode()
    assert len(mail.outbox) == sent == 2 * 3


def test_an_admin_cannot_stop_themselves_signing_in(admin_client_, admin_person, hlep, cpca):
    form = admin_form(hlep, cpca, admin_person, **{f"roles_{hlep.pk}": [ADMIN]})
    del form["is_active"]
    response = admin_client_.post(f"/people/{admin_person.pk}/edit/", form)
    assert response.status_code == 200
    assert "You cannot stop yourself signing in" in response.content.decode()
    admin_person.refresh_from_db()
    assert admin_person.is_active


def test_an_admin_cannot_remove_their_own_admin_role(admin_client_, admin_person, hlep, cpca):
    response = admin_client_.post(f"/people/{admin_person.pk}/edit/", admin_form(hlep, cpca, admin_person))
    assert response.status_code == 200
    assert "You cannot remove your own admin role" in response.content.decode()
    assert admin_person.memberships.filter(organisation=hlep, role=ADMIN).exists()


def test_an_admin_still_changes_their_own_details(admin_client_, admin_person, hlep, cpca):
    form = admin_form(hlep, cpca, admin_person, job_title="Chief executive", **{f"roles_{hlep.pk}": [ADMIN]})
    assert admin_client_.post(f"/people/{admin_person.pk}/edit/", form).status_code == 302
    admin_person.refresh_from_db()
    assert admin_person.job_title == "Chief executive" and admin_person.is_active


def test_behind_a_proxy_each_client_is_counted_apart_and_cannot_forge_its_address(client, settings, hlep):
    """Production sits behind a TLS proxy: every request comes from it, and counting the proxy would
    stop everyone's resets at once. The client is the address the proxy added, not one it forged."""
    settings.ACCORD_TRUSTED_PROXIES = 1
    people = [PersonFactory(roles=[(hlep, OFFICER)]) for _ in range(11)]
    for person in people[:10]:
        client.post(
            "/accounts/password-reset/",
            {"email": person.email},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5",  # forged first entry, then the real one
        )
    client.post(
        "/accounts/password-reset/",
        {"email": people[10].email},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.8, 203.0.113.5",  # a new forgery does not start a new count
    )
    assert len(mail.outbox) == 10
    client.post(
        "/accounts/password-reset/",
        {"email": people[10].email},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.6",  # another person, through the same proxy
    )
    assert len(mail.outbox) == 11
