import re

import pytest
from django.conf import settings
from django.core import mail

from tests.factories import PASSWORD

pytestmark = pytest.mark.usefixtures("counters_afresh")


def test_a_person_signs_in_with_email_and_out_again(client, hlep_board_member):
    response = client.post("/accounts/login/", {"username": hlep_board_member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_a_wrong_password_gets_a_clear_message(client, hlep_board_member):
    response = client.post("/accounts/login/", {"username": hlep_board_member.email, "password": "wrong"})
    assert response.status_code == 200
    assert "Enter the email address and password of an Accord account" in response.content.decode()


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, hlep_board_member):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": hlep_board_member.email, "password": "guess"})
    response = client.post("/accounts/login/", {"username": hlep_board_member.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Sign in is paused for this account" in response.content.decode()


def test_a_forgotten_password_is_reset_by_email(client, hlep_board_member):
    client.post("/accounts/password-reset/", {"email": hlep_board_member.email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Reset your Accord password"
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    link = re.search(r"https?://[^/]+(/accounts/password-reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    new_password = "a-brand-new-long-password"
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    assert response.status_code == 302
    signed_in = client.post(
        "/accounts/login/", {"username": hlep_board_member.email, "password": new_password}
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == "/"


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, agreement):
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_session_expires_after_inactivity(client, hlep_board_member):
    client.force_login(hlep_board_member)
    client.get("/")
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert 0 < client.session.get_expiry_age() <= settings.SESSION_COOKIE_AGE == 30 * 60
