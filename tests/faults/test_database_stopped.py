"""PostgreSQL stops for a moment while reminders are being sent: the web app answers with a clear
"try again" page (503), never a stack trace; when the database is back, pages work again and every
board member has had the reminder exactly once, the one being sent as the database went included."""

from collections import Counter

import pytest
from django.core import mail
from django.db import OperationalError, connection

from reminders import services
from reminders.models import Delivery
from reminders.tasks import send_delivery
from tests.config.test_production_shape import free_port
from tests.meetings.factories import schedule
from tests.reminders.conftest import purge_broker
from tests.waiting import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_database_stopped_for_a_moment_loses_no_reminder_and_sends_none_twice(
    partnership, hlep, board, worker, web, signed_in, postgresql
):
    sender = worker(send_seconds=0.5, concurrency=2)
    sender.start()
    meeting = schedule(partnership, hlep)
    wait_until(
        lambda: len(list(sender.mail_dir.glob("*.eml"))) >= 3, timeout=60, message="3 sent", log=sender.log
    )

    assert Delivery.objects.exclude(status=Delivery.Status.SENT).exists(), "reminders were still to go"
    postgresql.stop()
    try:
        status, body = web.get("/", cookie=signed_in)
        assert status == 503
        assert "Accord is unavailable for a moment" in body
        assert "Traceback" not in body and "OperationalError" not in body
        status, body = web.get("/healthz")
        assert status == 503 and '"database": "unreachable' in body
        # Messages being sent as the database went: the worker waits to record them, rather than
        # leave them to be sent again.
        wait_until(
            lambda: "The database is away" in sender.log.read_text(errors="replace"),
            timeout=30,
            message="the worker to meet the outage",
            log=sender.log,
        )
    finally:
        postgresql.start()

    wait_until(
        lambda: Delivery.objects.filter(status=Delivery.Status.SENT).count() == len(board),
        timeout=120,
        message="every invitation",
        log=sender.log,
    )
    assert sender.recipients() == Counter({person.email: 1 for person in board})
    status, body = web.get("/", cookie=signed_in)
    assert status == 200 and meeting.title in body


def test_a_delivery_whose_task_finds_the_database_away_is_retried_not_given_up(partnership, hlep, board):
    schedule(partnership, hlep)
    services.dispatch_due()
    purge_broker()  # this test runs the task itself
    delivery = Delivery.objects.order_by("pk").first()

    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = free_port()  # nothing listens there: the database is away
    try:
        # Run here, the task's retries follow at once rather than minutes apart; all of them fail.
        result = send_delivery.apply(args=[delivery.pk])
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port

    assert isinstance(result.result, OperationalError)  # retried, then left to `recover`
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING and mail.outbox == []
    send_delivery.apply(args=[delivery.pk])  # the retry, once the database is back
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT and len(mail.outbox) == 1
