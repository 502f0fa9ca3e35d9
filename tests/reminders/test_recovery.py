"""What the beat task recovers, and the choice made for a worker killed after the mail server took a
message but before its row was marked sent: it is sent again, with the same Message-ID."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import timezone

from reminders import services
from reminders.models import Delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivery(meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():  # no broker here: the services are called directly
        services.dispatch_due()
    return Delivery.objects.order_by("pk").first()


def test_a_second_task_for_the_same_delivery_sends_nothing(delivery):
    assert services.deliver(delivery.pk) is True
    assert services.deliver(delivery.pk) is False
    assert len(mail.outbox) == 1


def test_a_delivery_being_sent_by_another_worker_is_left_to_it(delivery):
    Delivery.objects.filter(pk=delivery.pk).update(status="sending", claimed_at=timezone.now())
    assert services.deliver(delivery.pk) is False
    assert mail.outbox == []


def test_a_row_left_sending_by_a_killed_worker_is_sent_again_with_the_same_message_id(
    delivery, django_capture_on_commit_callbacks
):
    services.deliver(delivery.pk)
    # The worker died after the server accepted the message, before the row was marked sent.
    Delivery.objects.filter(pk=delivery.pk).update(status="sending", claimed_at=timezone.now(), sent_at=None)

    with django_capture_on_commit_callbacks():
        assert services.recover() == 0  # a live worker may still be sending it
    assert Delivery.objects.get(pk=delivery.pk).status == "sending"

    with time_machine.travel(timezone.now() + settings.REMINDERS_SENDING_TIMEOUT + timedelta(seconds=1)):
        with django_capture_on_commit_callbacks() as callbacks:
            assert services.recover() == 1
        assert len(callbacks) == 1
        assert services.deliver(delivery.pk) is True

    first, second = mail.outbox
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]
    assert Delivery.objects.get(pk=delivery.pk).status == "sent"


def test_a_pending_delivery_whose_task_was_lost_is_enqueued_again(
    delivery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        assert services.recover() == 0
    with time_machine.travel(timezone.now() + settings.REMINDERS_REQUEUE_AFTER + timedelta(minutes=1)):
        with django_capture_on_commit_callbacks() as callbacks:
            assert services.recover() == Delivery.objects.filter(status="pending").count()
    assert len(callbacks) == 1


def test_a_cancelled_meeting_stops_deliveries_not_yet_sent(delivery, meeting):
    from meetings.services import cancel_meeting

    cancel_meeting(meeting)
    assert Delivery.objects.filter(status="pending").exists() is False
    assert services.deliver(delivery.pk) is False
