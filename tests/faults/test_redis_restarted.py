"""Redis (the broker) stops while reminders are due and comes back empty, as a Redis that keeps
nothing on disk does: the web app goes on answering, and afterwards every reminder has reached every
board member exactly once, those whose tasks Redis lost included."""

from collections import Counter

import pytest

from reminders.models import Delivery
from tests.meetings.factories import schedule
from tests.waiting import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def test_reminders_due_while_redis_restarts_go_out_once_each(
    partnership, hlep, board, redis_server, worker, web, signed_in
):
    sender = worker(send_seconds=0.3)
    sender.start()
    first = schedule(partnership, hlep)
    # A few invitations are sent; the rest wait on the broker when it goes.
    wait_until(
        lambda: len(list(sender.mail_dir.glob("*.eml"))) >= 3, timeout=60, message="3 sent", log=sender.log
    )
    redis_server.stop()
    assert Delivery.objects.filter(status=Delivery.Status.PENDING).exists(), "tasks were on the broker"

    second = schedule(partnership, hlep, days_ahead=60)  # its invitation falls due while Redis is down
    status, body = web.get("/", cookie=signed_in)
    assert status == 200 and first.title in body  # people go on working without the broker
    status, body = web.get("/healthz")
    assert status == 503 and '"broker": "unreachable' in body

    redis_server.start()  # empty: the waiting tasks are gone
    wait_until(
        lambda: Delivery.objects.filter(status=Delivery.Status.SENT).count() == 2 * len(board),
        timeout=120,
        message="both meetings' invitations",
        log=sender.log,
    )

    assert sender.recipients() == Counter({person.email: 2 for person in board})
    assert set(Delivery.objects.values_list("reminder__object_id", flat=True)) == {first.pk, second.pk}
    assert not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()
    assert web.get("/healthz")[0] == 200
