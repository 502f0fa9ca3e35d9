"""A worker process killed (SIGKILL) in the middle of sending, then started again: everything not yet
sent is delivered, and nobody gets a second copy."""

import email
import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.utils import timezone

from partnership.models import Membership
from reminders import services
from reminders.models import Delivery
from tests.factories import PersonFactory
from tests.reminders.conftest import purge_broker, schedule, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

CELERY = Path(sys.executable).with_name("celery")


def start_worker_process(mail_dir: Path, *, hang_after: int | None = None) -> subprocess.Popen:
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.reminders.worker_settings",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "REMINDERS_TEST_MAIL_DIR": str(mail_dir),
    }
    if hang_after is not None:
        env["REMINDERS_TEST_HANG_AFTER"] = str(hang_after)
    return subprocess.Popen(
        [
            str(CELERY),
            "-A",
            "config",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"killtest-{os.getpid()}@%h",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        start_new_session=True,  # its own process group, so the kill reaches the pool's child too
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill(worker: subprocess.Popen) -> None:
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)


def recipients_in(mail_dir: Path) -> Counter:
    return Counter(email.message_from_bytes(path.read_bytes())["To"] for path in mail_dir.glob("*.eml"))


def test_a_worker_killed_while_sending_and_restarted_delivers_the_rest_and_nothing_twice(
    tmp_path, partnership, hlep, cpca
):
    purge_broker()
    board = [
        PersonFactory(roles=[(organisation, Membership.Role.BOARD_MEMBER)])
        for organisation in [hlep, cpca] * 5
    ]
    schedule(partnership, hlep)
    services.dispatch_due()  # ten deliveries, ten tasks on the broker

    worker = start_worker_process(tmp_path, hang_after=4)
    try:
        # Four emails sent; the fifth is with the mail server when the worker dies.
        wait_until(lambda: (tmp_path / "hanging").exists(), timeout=90, message="the fifth send to start")
    finally:
        kill(worker)
    assert Delivery.objects.filter(status="sent").count() == 4
    assert Delivery.objects.filter(status="sending").count() == 1
    (tmp_path / "hanging").unlink()

    worker = start_worker_process(tmp_path)
    try:
        wait_until(
            lambda: Delivery.objects.filter(status="sent").count() == 9, timeout=90, message="the rest"
        )
        # The beat task, after the stuck-sending timeout, finds the row the dead worker left.
        with time_machine.travel(timezone.now() + services.SENDING_TIMEOUT + timedelta(minutes=1)):
            assert services.recover() == 1
        wait_until(
            lambda: Delivery.objects.filter(status="sent").count() == 10, timeout=90, message="the last"
        )
    finally:
        kill(worker)
        purge_broker()

    assert recipients_in(tmp_path) == Counter({person.email: 1 for person in board})
