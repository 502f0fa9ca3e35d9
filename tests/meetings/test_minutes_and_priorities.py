"""Minutes drafted by an admin and approved at the next meeting; priorities agreed at a meeting (3.2.1)."""

from datetime import timedelta

from django.utils import timezone

from meetings.models import Minutes, Priority
from tests.meetings.factories import MeetingFactory


def test_an_admin_drafts_minutes_and_records_their_approval_at_the_next_meeting(
    admin_client_, meeting, hlep, partnership
):
    admin_client_.post(f"/meetings/{meeting.pk}/minutes/", {"text": "The partners reviewed joint working."})
    minutes = Minutes.objects.get(meeting=meeting)
    assert not minutes.is_approved
    following = MeetingFactory(
        partnership=partnership, host=hlep, starts_at=meeting.starts_at + timedelta(days=182)
    )
    today = timezone.localdate()
    response = admin_client_.post(
        f"/meetings/{meeting.pk}/minutes/approve/",
        {"at_meeting": following.pk, "on_0": today.day, "on_1": today.month, "on_2": today.year},
    )
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert (minutes.approved_at_meeting, minutes.approved_on) == (following, today)
    assert admin_client_.get(f"/meetings/{meeting.pk}/minutes/").status_code == 403


def test_minutes_are_approved_only_at_a_later_meeting(admin_client_, meeting, hlep, partnership):
    admin_client_.post(f"/meetings/{meeting.pk}/minutes/", {"text": "Draft."})
    earlier = MeetingFactory(
        partnership=partnership, host=hlep, starts_at=meeting.starts_at - timedelta(days=1)
    )
    today = timezone.localdate()
    response = admin_client_.post(
        f"/meetings/{meeting.pk}/minutes/approve/",
        {"at_meeting": earlier.pk, "on_0": today.day, "on_1": today.month, "on_2": today.year},
    )
    assert "govuk-error-summary" in response.content.decode()
    assert not Minutes.objects.get().is_approved


def test_board_members_read_but_do_not_draft_minutes(board_client, meeting):
    assert board_client.post(f"/meetings/{meeting.pk}/minutes/", {"text": "Mine"}).status_code == 403
    assert not Minutes.objects.exists()


def test_an_agreed_priority_links_to_the_commitments_it_serves(admin_client_, meeting, commitment):
    admin_client_.post(
        f"/meetings/{meeting.pk}/priorities/new/",
        {"title": "A joint offer to life sciences investors", "commitments": [commitment.pk]},
    )
    priority = Priority.objects.get()
    assert (priority.meeting, list(priority.commitments.all())) == (meeting, [commitment])
    page = admin_client_.get(meeting.get_absolute_url()).content.decode()
    assert "A joint offer to life sciences investors" in page
    assert commitment.get_absolute_url() in page


def test_the_next_meeting_shows_the_minutes_waiting_for_its_approval(
    board_client, meeting, hlep, partnership
):
    Minutes.objects.create(meeting=meeting, text="Draft.")
    following = MeetingFactory(
        partnership=partnership, host=hlep, starts_at=meeting.starts_at + timedelta(days=182)
    )
    page = board_client.get(following.get_absolute_url()).content.decode()
    assert "are to be approved at this meeting" in page
