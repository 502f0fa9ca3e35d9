import pytest
from django.conf import settings
from django.core.management import call_command

from partnership.models import Agreement, Membership, Person


def test_health_reports_the_database_and_the_broker(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_health_says_unhealthy_when_the_broker_is_unreachable(client, db, settings):
    from config.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = original
    assert response.status_code == 503
    assert response.json()["broker"].startswith("unreachable")


def test_health_needs_no_sign_in_but_other_pages_do(client, db):
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_demo_data_loads_twice_without_duplicates(capsys):
    call_command("load_demo")
    call_command("load_demo")
    out = capsys.readouterr().out
    assert Agreement.objects.count() == 1
    assert Person.objects.filter(email__endswith=".accord.localhost").count() == 10
    for role in Membership.Role:
        for party in ("HLEP", "CPCA"):
            assert Membership.objects.filter(role=role, organisation__short_name=party).exists()
    assert "hugo@hlep.accord.localhost" in out and "password: accord-demo-2026" in out
    assert settings.TIME_ZONE == "Europe/London"
