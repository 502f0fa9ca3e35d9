"""Fixtures of the fault scenarios: the processes of tests/faults/processes.py, stopped whatever
happens, and the people who receive the reminders."""

import pytest

from bench.web import session_cookie
from partnership.models import Membership
from tests.factories import PersonFactory

from .processes import PostgreSQL, Redis, Web, Worker


@pytest.fixture
def redis_server(tmp_path):
    server = Redis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def worker(tmp_path, redis_server):
    """Not started: each scenario starts it when its reminders are in place."""
    started = []

    def make(**options) -> Worker:
        started.append(Worker(tmp_path, redis_server.url, **options))
        return started[-1]

    yield make
    for each in started:
        each.stop()


@pytest.fixture
def web(tmp_path, redis_server):
    server = Web(tmp_path, redis_server.url)
    yield server
    server.stop()


@pytest.fixture
def postgresql():
    cluster = PostgreSQL()
    yield cluster
    if not cluster.answers():  # a failed scenario must not leave the machine without its database
        cluster.start()


@pytest.fixture
def board(hlep, cpca):
    """Five members on each party's board: the people every meeting reminder goes to."""
    return [
        PersonFactory(roles=[(organisation, Membership.Role.BOARD_MEMBER)])
        for organisation in [hlep, cpca] * 5
    ]


@pytest.fixture
def signed_in(board):
    """A board member's session cookie, as the sign-in page would set it."""
    return session_cookie(board[0])
