"""Demo reminders for `make run`: the partnership's sender address, and the invitations of the demo
meetings sent out, one of them failed so an admin can try "Send again". Run after meetings' demo.
Safe to run again: nothing is duplicated."""

from django.db import transaction

from partnership.models import Partnership, Person

from .models import Delivery, Preference, Sender
from .services import dispatch_due


def load(partnership: Partnership) -> None:
    with transaction.atomic():
        Sender.objects.get_or_create(
            partnership=partnership,
            defaults={"from_email": f"{partnership.name} <partnership@accord.localhost>"},
        )
        # Meetings' demo planned each meeting's invitation (an outbox row); send them out now.
        dispatch_due()
        deliveries = Delivery.objects.filter(reminder__partnership=partnership)
        if not deliveries.filter(status=Delivery.Status.FAILED).exists():
            first = deliveries.filter(status=Delivery.Status.PENDING).order_by("pk").first()
            if first:
                # Its task finds it failed and leaves it for an admin to send again.
                Delivery.objects.filter(pk=first.pk).update(
                    status=Delivery.Status.FAILED,
                    attempts=9,
                    last_error="SMTPRecipientsRefused: 450 mailbox temporarily unavailable",
                )
        chloe = Person.objects.filter(email="chloe@cpca.accord.localhost").first()
        if chloe:
            Preference.objects.get_or_create(person=chloe, defaults={"daily_digest": True})
