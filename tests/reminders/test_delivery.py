"""Reminders go out through a real Celery worker on Redis: one email per recipient per reminder, however
often the tasks run, and never lost to a failing mail server."""

import email
import threading
from datetime import timedelta

import pytest
import time_machine
from celery import Celery
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from config.celery import app as celery_app
from meetings.services import cancel_meeting, reschedule_meeting
from partnership.models import Membership
from reminders import services
from reminders.models import Delivery, Preference, Reminder, Sender
from reminders.tasks import dispatch_due_reminders, send_daily_digests, send_delivery
from tests.factories import PersonFactory
from tests.meetings.factories import schedule
from tests.reminders.backends import FailingThenWorkingBackend
from tests.waiting import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def all_sent(reminder_kind=None):
    deliveries = Delivery.objects.all()
    if reminder_kind:
        deliveries = deliveries.filter(reminder__kind=reminder_kind)
    return deliveries.exists() and not deliveries.filter(status__in=["pending", "sending"]).exists()


def when_reminders_went_out(starts_at, days_before: int):
    """An hour after the reminders `days_before` a meeting went out (they go at 8am, London time)."""
    day = timezone.localdate(starts_at) - timedelta(days=days_before)
    return services.send_time(day) + timedelta(hours=1)


def recipients_of(messages):
    return sorted(address for message in messages for address in message.to)


def test_dispatch_running_twice_at_once_sends_one_email_per_recipient(celery_worker, meeting, board_members):
    dispatch_due_reminders.delay()
    dispatch_due_reminders.delay()
    wait_until(all_sent)
    # A retried or duplicated task for every delivery changes nothing either.
    for delivery_id in Delivery.objects.values_list("pk", flat=True):
        send_delivery.delay(delivery_id)
    dispatch_due_reminders.delay()
    wait_until(lambda: not Reminder.objects.filter(kind="meeting_scheduled", status="planned").exists())

    assert recipients_of(mail.outbox) == sorted(p.email for p in board_members)
    assert Delivery.objects.filter(status="sent").count() == len(board_members)


def test_two_dispatchers_starting_at_the_same_instant_open_each_delivery_once(
    celery_worker, meeting, board_members
):
    start_together = threading.Barrier(2)
    counts = []

    def dispatcher():
        try:
            start_together.wait()
            counts.append(services.dispatch_due())
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wait_until(all_sent)

    assert sorted(counts) == [0, 1]  # one took the reminder, the other skipped the locked row
    assert recipients_of(mail.outbox) == sorted(p.email for p in board_members)


def test_the_invitation_email_has_both_parts_says_why_links_and_carries_the_ics(
    celery_worker, settings, partnership, meeting, hlep_board_member
):
    settings.ACCORD_SITE_URL = "https://accord.example.gov.uk"
    Sender.objects.create(partnership=partnership, from_email="HLEP and CPCA <partnership@hlep.example>")
    dispatch_due_reminders.delay()
    wait_until(all_sent)

    message = next(m for m in mail.outbox if m.to == [hlep_board_member.email])
    assert message.from_email == "HLEP and CPCA <partnership@hlep.example>"
    assert message.subject.startswith("Invitation: Six-monthly review")
    html = message.alternatives[0][0]
    link = f"https://accord.example.gov.uk/meetings/{meeting.pk}/"
    for part in (message.body, html):
        assert "Why you receive this" in part
        assert link in part
    filename, ics, mimetype = message.attachments[0]
    assert filename == "meeting.ics"
    assert mimetype.startswith("text/calendar")
    assert f"UID:{meeting.uid}" in ics and "SEQUENCE:0" in ics
    parsed = email.message_from_bytes(message.message().as_bytes())
    assert parsed["Message-ID"].startswith("<reminder-")


def test_a_mail_server_that_fails_twice_then_works_delivers_once(
    celery_worker, settings, partnership, hlep, hlep_board_member
):
    settings.EMAIL_BACKEND = "tests.reminders.backends.FailingThenWorkingBackend"
    settings.REMINDERS_RETRY_SECONDS = 0  # the backoff's shape is tested below; here, no waiting
    FailingThenWorkingBackend.failures = 2
    schedule(partnership, hlep)
    dispatch_due_reminders.delay()
    wait_until(all_sent)

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.attempts == 3
    assert recipients_of(mail.outbox) == [hlep_board_member.email]


def test_retries_back_off_from_a_minute_to_at_most_an_hour():
    assert [services.retry_delay(n) for n in range(8)] == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_a_reminder_the_server_keeps_refusing_fails_and_an_admin_sends_it_again(
    celery_worker, settings, partnership, hlep, hlep_board_member
):
    settings.EMAIL_BACKEND = "tests.reminders.backends.FailingThenWorkingBackend"
    settings.REMINDERS_RETRY_SECONDS = 0
    FailingThenWorkingBackend.failures = 100
    schedule(partnership, hlep)
    dispatch_due_reminders.delay()
    delivery = wait_until(lambda: Delivery.objects.filter(status="failed").first(), message="failure")
    assert delivery.attempts == 9
    assert "SMTPServerDisconnected" in delivery.last_error
    assert mail.outbox == []

    FailingThenWorkingBackend.failures = 0
    services.resend(delivery)
    wait_until(all_sent)
    assert recipients_of(mail.outbox) == [hlep_board_member.email]


def test_rescheduling_sends_the_update_and_no_stale_reminder(celery_worker, partnership, hlep, board_members):
    start = timezone.now()
    with time_machine.travel(start, tick=True) as traveller:
        meeting = schedule(partnership, hlep, days_ahead=30)
        old_start = meeting.starts_at
        dispatch_due_reminders.delay()
        wait_until(lambda: all_sent("meeting_scheduled"))
        mail.outbox.clear()

        traveller.move_to(start + timedelta(days=1))
        new_start = old_start + timedelta(days=35)
        reschedule_meeting(
            meeting,
            starts_at=new_start,
            ends_at=new_start + timedelta(hours=2),
            papers_deadline=new_start - timedelta(days=7),
        )
        dispatch_due_reminders.delay()
        wait_until(lambda: all_sent("meeting_changed"))
        [subject] = {m.subject for m in mail.outbox}
        # The subject says what moved, and names the partnership.
        assert subject.startswith(f"Moved to {timezone.localtime(new_start).day} ")
        assert "papers now due" in subject
        assert subject.endswith(
            f": Six-monthly review, {timezone.localtime(new_start):%-d %B %Y} – {partnership.name}"
        )
        assert all("SEQUENCE:1" in m.attachments[0][1] for m in mail.outbox)
        assert len(mail.outbox) == len(board_members)
        mail.outbox.clear()

        # Each day the old meeting date would have had a reminder, nothing goes out.
        for days in (28, 7, 1):
            traveller.move_to(when_reminders_went_out(old_start, days))
            assert services.dispatch_due() == 0
        assert mail.outbox == []
        # The new date's 28-day reminder does.
        traveller.move_to(when_reminders_went_out(new_start, 28))
        dispatch_due_reminders.delay()
        wait_until(lambda: all_sent("meeting_upcoming"))
    assert {m.subject for m in mail.outbox} == {
        f"Reminder: Six-monthly review in 28 days – {partnership.name}"
    }
    assert len(mail.outbox) == len(board_members)


def test_a_cancelled_meeting_sends_the_cancellation_and_stops_reminders_already_queued(
    celery_worker, partnership, hlep, board_members
):
    start = timezone.now()
    with time_machine.travel(start, tick=True) as traveller:
        meeting = schedule(partnership, hlep, days_ahead=30)
        traveller.move_to(when_reminders_went_out(meeting.starts_at, 28))
        # The 28-day reminder fans out, and the meeting is cancelled before the worker gets its tasks.
        with transaction.atomic():
            services.dispatch_due()
            cancel_meeting(meeting, reason="The boards agreed to meet in spring instead")
        dispatch_due_reminders.delay()
        wait_until(lambda: all_sent("meeting_cancelled") and all_sent("meeting_upcoming"))

    statuses = {(d.reminder.kind, d.status) for d in Delivery.objects.select_related("reminder")}
    assert statuses == {
        ("meeting_scheduled", "cancelled"),
        ("meeting_upcoming", "cancelled"),
        ("meeting_cancelled", "sent"),
    }
    assert {m.subject.split(":")[0] for m in mail.outbox} == {"Cancelled"}
    cancellations = [m for m in mail.outbox if m.subject.startswith("Cancelled")]
    assert len(cancellations) == len(board_members)
    assert "METHOD:CANCEL" in cancellations[0].attachments[0][1]


def test_someone_who_chose_a_daily_digest_gets_optional_reminders_in_one_email(
    celery_worker, partnership, hlep, cpca, hlep_board_member
):
    Preference.objects.create(person=hlep_board_member, daily_digest=True)
    PersonFactory(roles=[(cpca, Membership.Role.BOARD_MEMBER)])
    start = timezone.now()
    with time_machine.travel(start, tick=True) as traveller:
        first = schedule(partnership, hlep, days_ahead=30)
        second = schedule(partnership, hlep, days_ahead=30)
        dispatch_due_reminders.delay()
        wait_until(lambda: all_sent("meeting_scheduled"))
        # Invitations are never held back for the digest.
        assert hlep_board_member.email in recipients_of(mail.outbox)
        mail.outbox.clear()

        traveller.move_to(when_reminders_went_out(first.starts_at, 28))
        services.dispatch_due()
        wait_until(
            lambda: Delivery.objects.filter(reminder__kind="meeting_upcoming", status="sent").count() == 2
        )
        assert hlep_board_member.email not in recipients_of(mail.outbox)

        send_daily_digests.delay()
        wait_until(lambda: all_sent("meeting_upcoming"))
    digests = [m for m in mail.outbox if m.to == [hlep_board_member.email]]
    assert len(digests) == 1
    assert digests[0].subject == f"Your Accord reminders: 2 items – {first.partnership.name}"
    for meeting in (first, second):
        assert f"/meetings/{meeting.pk}/" in digests[0].body


def test_reminders_also_go_through_the_embedded_broker_of_make_run(
    monkeypatch, tmp_path, meeting, board_members
):
    """`make run` has no Redis: Celery uses kombu's filesystem transport, as config/settings.py sets it."""
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)  # Celery would prefer it to the app's setting
    embedded = Celery("accord-embedded")
    embedded.config_from_object("django.conf:settings", namespace="CELERY")
    embedded.conf.broker_url = "filesystem://"
    embedded.conf.broker_transport_options = {
        "data_folder_in": str(tmp_path),
        "data_folder_out": str(tmp_path),
        "control_folder": str(tmp_path / "control"),
        "store_processed": False,
    }
    try:
        with start_worker(embedded, pool="threads", concurrency=2, perform_ping_check=False):
            assert embedded.connection_for_write().transport_cls == "filesystem"
            services.dispatch_due()
            wait_until(all_sent)
    finally:
        celery_app.set_current()
        celery_app.set_default()
    assert recipients_of(mail.outbox) == sorted(p.email for p in board_members)
