"""A meeting stored at the calendar's edge (year 1 or 9999), as an import or the shell might, bypassing
the forms: its .ics and everyone's feed still answer, its review pack is a 404 rather than a 500; the
model refuses such times."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from meetings.models import CalendarFeed, Meeting

EDGES = [
    datetime(1, 1, 1, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 59, tzinfo=UTC) - timedelta(hours=2),
]


@pytest.fixture(params=EDGES, ids=["year 1", "year 9999"])
def meeting_at_the_edge(request, meeting):
    starts_at = request.param
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=1), papers_deadline=starts_at
    )
    return meeting


def test_its_ics_and_the_feed_still_answer(client, board_client, hlep_board_member, meeting_at_the_edge):
    assert board_client.get(f"/meetings/{meeting_at_the_edge.pk}/meeting.ics").status_code == 200
    feed = CalendarFeed.objects.create(person=hlep_board_member)
    response = client.get(feed.get_absolute_url())
    assert response.status_code == 200
    assert b"BEGIN:VCALENDAR" in response.content


def test_it_has_no_review_pack_rather_than_a_broken_one(admin_client_, meeting_at_the_edge):
    assert admin_client_.get(f"/reviews/{meeting_at_the_edge.pk}/pack/").status_code == 404
    assert admin_client_.get(f"/reviews/{meeting_at_the_edge.pk}/pack.xlsx").status_code == 404


@pytest.mark.parametrize("field", ["starts_at", "ends_at", "papers_deadline"])
def test_the_model_refuses_a_time_outside_the_years_accord_handles(meeting, field):
    setattr(meeting, field, EDGES[0])
    with pytest.raises(ValidationError, match="Enter a date between 1900 and 2100"):
        meeting.clean_fields()
