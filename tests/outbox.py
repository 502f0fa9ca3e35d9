"""The reminder outbox run in the test's own process, as the beat and the worker run it."""

from django.core import mail

from reminders.models import Delivery
from reminders.services import deliver, dispatch_due


def send_due() -> list:
    """What the beat task and the worker do, in this process: dispatch due rows, deliver each."""
    mail.outbox.clear()
    dispatch_due()
    for delivery_id in Delivery.objects.filter(status=Delivery.Status.PENDING).values_list("pk", flat=True):
        deliver(delivery_id)
    return list(mail.outbox)
