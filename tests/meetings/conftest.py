"""Meetings of the test partnership: a review scheduled a month ahead with its standing agenda,
invitations to both boards, and the secretaries who record each board's decisions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from partnership.models import Membership
from tests.factories import PersonFactory
from tests.meetings.factories import schedule


@pytest.fixture
def hlep_secretary(hlep):
    person = PersonFactory(first_name="Sam", last_name="Secretary", roles=[(hlep, Membership.Role.OFFICER)])
    hlep.board.secretary = person
    hlep.board.save()
    return person


@pytest.fixture
def cpca_secretary(cpca):
    person = PersonFactory(first_name="Cass", last_name="Clerk", roles=[(cpca, Membership.Role.OFFICER)])
    cpca.board.secretary = person
    cpca.board.save()
    return person


@pytest.fixture
def next_month():
    return timezone.now().replace(microsecond=0, second=0) + timedelta(days=30)


@pytest.fixture
def meeting(partnership, hlep, hlep_board_member, cpca_board_member, admin_person, next_month):
    return schedule(partnership, hlep, starts_at=next_month, by=admin_person)
