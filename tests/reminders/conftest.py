"""A real Celery worker on the test broker (Redis), and meetings of the test partnership."""

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from config.celery import app as celery_app
from partnership.models import Membership
from tests.factories import PersonFactory
from tests.meetings.factories import schedule


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


@pytest.fixture
def meeting(partnership, hlep, board_members):
    return schedule(partnership, hlep)
