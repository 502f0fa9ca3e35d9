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
