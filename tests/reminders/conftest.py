"""A real Celery worker on the test broker (Redis), and meetings of the test partnership."""

from datetime import timedelta

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.utils import timezone

from config.celery import app as celery_app
from meetings.services import schedule_meeting
from partnership.models import Membership
from tests.factories import PersonFactory


def purge_broker() -> None:
    """Nothing left from an earlier test (or a killed worker) reaches this test's worker."""
    with celery_app.connection_for_write() as connection:
        connection.default_channel.queue_purge("celery")
    if settings.CELERY_BROKER_URL.startswith("redis"):
        redis.Redis.from_url(settings.CELERY_BROKER_URL).delete("unacked", "unacked_index")


@pytest.fixture
def celery_worker(transactional_db):
    purge_broker()
    with start_worker(
        celery_app, pool="threads", concurrency=4, perform_ping_check=False, shutdown_timeout=30
    ) as worker:
        yield worker
    purge_broker()


@pytest.fixture
def board_members(hlep, cpca, hlep_board_member, cpca_board_member):
    """Three members on each party's board."""
    more = [
        PersonFactory(roles=[(organisation, Membership.Role.BOARD_MEMBER)])
        for organisation in (hlep, hlep, cpca, cpca)
    ]
    return [hlep_board_member, cpca_board_member, *more]


def schedule(partnership, host, *, days_ahead: int = 30, by=None):
    starts_at = timezone.now().replace(microsecond=0, second=0) + timedelta(days=days_ahead)
    return schedule_meeting(
        partnership=partnership,
        title="Six-monthly review",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        host=host,
        papers_deadline=starts_at - timedelta(days=7),
        location="Council Chamber, Hertford",
        by=by,
    )


@pytest.fixture
def meeting(partnership, hlep, board_members):
    return schedule(partnership, hlep)
