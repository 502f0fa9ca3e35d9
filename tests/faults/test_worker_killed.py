"""A worker killed (SIGKILL) in the middle of sending, then started again: everything not yet sent is
delivered, the message the dead worker held is sent once the beat finds it, and nobody gets two."""

from collections import Counter

import pytest

from reminders.models import Delivery
from tests.meetings.factories import schedule
from tests.waiting import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def sent() -> int:
    return Delivery.objects.filter(status=Delivery.Status.SENT).count()


def test_a_worker_killed_while_sending_and_restarted_delivers_the_rest_and_nothing_twice(
    partnership, hlep, board, worker
):
    first = worker(hang_after=4)
    first.start()
    schedule(partnership, hlep)  # the invitation to ten board members is due now
    # Four emails sent; the fifth is with the mail server when the worker dies.
    wait_until(
        lambda: (first.mail_dir / "hanging").exists(), timeout=90, message="the fifth send", log=first.log
    )
    first.kill()
    assert sent() == 4
    assert Delivery.objects.filter(status=Delivery.Status.SENDING).count() == 1
    (first.mail_dir / "hanging").unlink()

    second = worker()
    second.start()
    # The rest at once; the fifth after REMINDERS_SENDING_TIMEOUT, when the beat's `recover` finds it.
    wait_until(lambda: sent() == 10, timeout=120, message="all ten", log=second.log)

    assert second.recipients() == Counter({person.email: 1 for person in board})
