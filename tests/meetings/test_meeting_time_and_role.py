"""A meeting's page knows the time and who is looking: a past meeting shows what happened, a future one
who has said yes; attendance is recorded from the meeting's day; destructive actions stand apart and
ask first; and every date and time in Accord reads one way ("6 January 2027", "10am to 12pm")."""

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings.models import AgendaItem, Invitation, Meeting, Paper
from meetings.services import (
    add_agenda_item,
    cancel_meeting,
    change_agenda_item,
    move_agenda_item,
    remove_agenda_item,
    reschedule_meeting,
    sync_invitations,
    upload_paper,
)
from partnership.templatetags.accord import day, moment, time_of_day, time_range, weekday, when
from tests.meetings.factories import DecisionFactory, ProposalFactory, held_at, held_today
from tests.meetings.test_meeting_pages import meeting_form

ROLES = ["hlep_board_member", "hlep_officer", "admin_person", "hlep_secretary"]


@pytest.fixture(autouse=True)
def quorum_of_two(hlep, cpca):
    for board in (hlep.board, cpca.board):
        board.quorum = 2
        board.save()


@pytest.fixture
def past_meeting(meeting):
    return held_at(meeting, timezone.now().replace(microsecond=0, second=0) - timedelta(days=30))


def page_for(client, request, role: str, meeting: Meeting) -> str:
    client.force_login(request.getfixturevalue(role))
    sync_invitations(meeting)  # a secretary named after the meeting was scheduled is invited too
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_a_future_meeting_says_who_has_said_yes_and_offers_no_attendance(client, request, role, meeting):
    page = page_for(client, request, role, meeting)
    assert "0 of 2 needed have said yes" in page
    assert "of the quorum" not in page
    assert "Record attendance" not in page
    assert "Add to your calendar" in page
    invited = role in ("hlep_board_member", "hlep_secretary")
    assert ("Answer the invitation" in page) is invited
    assert ("Danger zone" in page) is (role == "admin_person")
    assert ("Decisions on the day" in page) is False


@pytest.mark.parametrize("role", ROLES)
def test_a_past_meeting_shows_what_happened_and_offers_no_answer_or_calendar(
    client, request, role, past_meeting, partnership, hlep
):
    proposal = ProposalFactory(partnership=partnership, title="Joint skills bid")
    DecisionFactory(proposal=proposal, board=hlep.board, decided_on=past_meeting.day, reference="HB/26/4")
    page = page_for(client, request, role, past_meeting)
    for offered_only_before in ("Change your answer", "Answer the invitation", "Add to your calendar"):
        assert offered_only_before not in page
    assert "Danger zone" not in page
    assert "Cancel the meeting" not in page
    assert "Move up" not in page
    assert "Held</strong>" in page
    assert 'id="minutes"' in page and 'id="actions"' in page
    assert "Decisions on the day" in page and "Joint skills bid" in page and "HB/26/4" in page
    assert "attendance not yet recorded (2 needed)" in page
    assert ("Record attendance" in page) is (role == "admin_person")


def test_the_count_of_yes_answers_follows_the_answers(board_client, meeting):
    board_client.post(f"/meetings/{meeting.pk}/answer/", {"response": "attending"})
    page = board_client.get(meeting.get_absolute_url()).content.decode()
    assert "1 of 2 needed have said yes" in page  # HLEP's board; CPCA's is still at 0
    assert "0 of 2 needed have said yes" in page


def test_attendance_posted_before_the_meetings_day_is_refused(admin_client_, meeting, hlep_board_member):
    invitation = meeting.invitations.get(person=hlep_board_member)
    url = f"/meetings/{meeting.pk}/attendance/"
    assert "Attendance can be recorded from the day of the meeting" in admin_client_.get(url).content.decode()
    response = admin_client_.post(url, {"attended": [invitation.pk]})
    assert response.status_code == 200
    assert "Attendance can be recorded from the day of the meeting" in response.content.decode()
    assert "There is a problem" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.attended is None


def test_attendance_is_recorded_on_the_meetings_day(admin_client_, meeting, hlep_board_member):
    held_today(meeting)
    invitation = meeting.invitations.get(person=hlep_board_member)
    response = admin_client_.post(f"/meetings/{meeting.pk}/attendance/", {"attended": [invitation.pk]})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.attended is True
    page = admin_client_.get(meeting.get_absolute_url()).content.decode()
    assert "1 attended; 2 needed" in page


def test_an_answer_to_a_past_meetings_invitation_is_refused(board_client, past_meeting, hlep_board_member):
    url = f"/meetings/{past_meeting.pk}/answer/"
    closed = board_client.get(url).content.decode()
    assert "Answers to this invitation are closed" in closed
    assert "Send my answer" not in closed
    response = board_client.post(url, {"response": "not_attending"})
    assert response.status_code == 200
    assert "answers to its invitation are closed" in response.content.decode()
    invitation = past_meeting.invitations.get(person=hlep_board_member)
    assert invitation.response == Invitation.Response.NO_RESPONSE


def test_cancelling_a_meeting_asks_first_and_only_the_post_cancels(admin_client_, meeting):
    page = admin_client_.get(meeting.get_absolute_url()).content.decode()
    danger = page[page.index('id="danger-zone"') :]
    assert f'class="govuk-button govuk-button--warning" href="/meetings/{meeting.pk}/cancel/"' in danger
    assert "govuk-button--warning" not in page[: page.index('id="danger-zone"')]  # nothing red above it
    confirm = admin_client_.get(f"/meetings/{meeting.pk}/cancel/").content.decode()
    assert "Are you sure you want to cancel" in confirm
    meeting.refresh_from_db()
    assert not meeting.is_cancelled
    admin_client_.post(f"/meetings/{meeting.pk}/cancel/", {"reason": ""})
    meeting.refresh_from_db()
    assert meeting.is_cancelled


def test_removing_an_agenda_item_asks_first_then_the_rest_close_up(admin_client_, meeting, admin_person):
    extra = add_agenda_item(meeting, by=admin_person, title="Skills bootcamps bid")
    url = f"/meetings/agenda/{extra.pk}/remove/"
    assert url in admin_client_.get(meeting.get_absolute_url()).content.decode()
    confirm = admin_client_.get(url)
    assert "Are you sure you want to remove “Skills bootcamps bid”" in confirm.content.decode()
    assert AgendaItem.objects.filter(pk=extra.pk).exists()
    admin_client_.post(url)
    assert not AgendaItem.objects.filter(pk=extra.pk).exists()
    assert list(meeting.agenda_items.values_list("position", flat=True)) == [1, 2, 3]


def test_a_standing_item_is_not_removed(admin_client_, meeting):
    standing = meeting.agenda_items.filter(is_standing=True).first()
    assert (
        f"/meetings/agenda/{standing.pk}/remove/"
        not in admin_client_.get(meeting.get_absolute_url()).content.decode()
    )
    response = admin_client_.post(f"/meetings/agenda/{standing.pk}/remove/")
    assert response.status_code == 400
    assert "cannot be removed" in response.content.decode()
    assert AgendaItem.objects.filter(pk=standing.pk).exists()


@pytest.mark.parametrize("role", ["hlep_board_member", "hlep_officer", "hlep_secretary"])
def test_only_an_admin_removes_an_agenda_item(client, request, role, meeting, admin_person):
    extra = add_agenda_item(meeting, by=admin_person, title="Skills bootcamps bid")
    client.force_login(request.getfixturevalue(role))
    assert client.get(f"/meetings/agenda/{extra.pk}/remove/").status_code == 403
    assert client.post(f"/meetings/agenda/{extra.pk}/remove/").status_code == 403
    assert AgendaItem.objects.filter(pk=extra.pk).exists()


def test_move_up_is_not_on_the_first_item_nor_move_down_on_the_last(admin_client_, meeting):
    page = admin_client_.get(meeting.get_absolute_url()).content.decode()
    titles = list(meeting.agenda_items.values_list("title", flat=True))
    assert len(titles) == 3
    assert f'Move up<span class="govuk-visually-hidden"> {titles[0]}' not in page
    assert f'Move down<span class="govuk-visually-hidden"> {titles[0]}' in page
    assert f'Move up<span class="govuk-visually-hidden"> {titles[1]}' in page
    assert f'Move down<span class="govuk-visually-hidden"> {titles[1]}' in page
    assert f'Move up<span class="govuk-visually-hidden"> {titles[2]}' in page
    assert f'Move down<span class="govuk-visually-hidden"> {titles[2]}' not in page


def test_a_meeting_reads_in_one_time_style(board_client, meeting):
    starts = timezone.localtime(meeting.starts_at)
    page = board_client.get(meeting.get_absolute_url()).content.decode()
    assert f"{weekday(starts)}, {time_range(meeting.starts_at, meeting.ends_at)}" in page
    assert not re.search(r"\b\d{2}:\d{2}\b", re.sub(r'datetime="[^"]*"', "", page))


# The one date style and the one time style, GOV.UK's, in London time.


def test_dates_and_times_read_the_gov_uk_way():
    winter = datetime(2027, 1, 6, 10, 0, tzinfo=UTC)  # London is on GMT
    summer = datetime(2026, 7, 1, 16, 30, tzinfo=UTC)  # and on BST: 5:30pm
    assert day(winter) == "6 January 2027"
    assert day(date(2027, 1, 6)) == "6 January 2027"
    assert weekday(winter) == "Wednesday 6 January 2027"
    assert time_of_day(winter) == "10am"
    assert time_of_day(summer) == "5:30pm"
    assert time_of_day(datetime(2027, 1, 6, 12, 0, tzinfo=UTC)) == "12pm"
    assert time_of_day(datetime(2027, 1, 6, 0, 15, tzinfo=UTC)) == "12:15am"
    assert time_range(winter, winter + timedelta(hours=2)) == "10am to 12pm"
    assert when(summer) == "Wednesday 1 July 2026 at 5:30pm"
    assert moment(summer) == "1 July 2026 at 5:30pm"
    assert day(None) == "" and time_of_day(None) == ""


# Machine formats stay: ISO in <time datetime>, and the .ics, CSV and XLSX files, which no template makes.
MACHINE_FORMATS = {"c", "Y-m-d", "U", "r"}
DATE_FILTER = re.compile(r"\|(date|time)\b(?::(?:\"([^\"]*)\"|'([^']*)'))?")


def test_no_template_formats_a_date_or_time_its_own_way():
    templates = Path(settings.BASE_DIR) / "templates"
    stray = []
    for path in templates.rglob("*"):
        if path.suffix not in (".html", ".txt") or not path.is_file():
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for match in DATE_FILTER.finditer(line):
                fmt = match.group(2) or match.group(3)
                if fmt not in MACHINE_FORMATS:
                    stray.append(f"{path.relative_to(templates)}:{number}: {match.group(0)}")
    assert stray == [], "Use |day, |weekday, |time_of_day, |time_range, |when or |moment instead"


# Once a meeting has started it is what happened: it is not moved or cancelled, nor its agenda or
# papers changed; its minutes, attendance, actions and priorities are what change after it.


def at_ten(days: int) -> datetime:
    """10am `days` from today, London time: a two-hour meeting that ends on the day it starts."""
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(10)))


@pytest.fixture
def full_meeting(meeting, admin_person, hlep_officer):
    """The meeting with an item of the admin's and a paper, both made while it was still to come."""
    extra = add_agenda_item(meeting, by=admin_person, title="Skills bootcamps bid")
    file = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    upload_paper(extra, title="Delivery plan", file=file, by=hlep_officer)
    return meeting


def changes(meeting, hlep) -> dict[str, tuple[str, dict]]:
    """Each page that changes what a meeting is to be, and a valid post to it."""
    extra = meeting.agenda_items.get(title="Skills bootcamps bid")
    on = timezone.localdate(meeting.starts_at)
    return {
        "reschedule": (f"/meetings/{meeting.pk}/edit/", meeting_form(on, hlep, location="Hertford Theatre")),
        "cancel": (f"/meetings/{meeting.pk}/cancel/", {"reason": "Nobody could come"}),
        "add an item": (f"/meetings/{meeting.pk}/agenda/new/", {"title": "An afterthought"}),
        "change an item": (f"/meetings/agenda/{extra.pk}/edit/", {"title": "Skills bid, renamed"}),
        "move an item": (f"/meetings/agenda/{extra.pk}/move/", {"direction": "up"}),
        "remove an item": (f"/meetings/agenda/{extra.pk}/remove/", {}),
        "remove a paper": (f"/meetings/papers/{extra.papers.get().pk}/remove/", {}),
    }


def what_the_meeting_is(meeting) -> tuple:
    meeting = Meeting.objects.get(pk=meeting.pk)
    return (
        (meeting.starts_at, meeting.location, meeting.status, meeting.sequence, meeting.changes.count()),
        list(meeting.agenda_items.values_list("pk", "title", "position")),
        list(Paper.objects.filter(agenda_item__meeting=meeting).values_list("pk", flat=True)),
    )


CHANGES = ["reschedule", "cancel", "add an item", "change an item", "move an item", "remove an item"]


@pytest.mark.parametrize("change", [*CHANGES, "remove a paper"])
def test_a_meeting_still_to_come_is_changed_by_its_pages(admin_client_, full_meeting, hlep, change):
    held_at(full_meeting, at_ten(30))
    url, data = changes(full_meeting, hlep)[change]
    before = what_the_meeting_is(full_meeting)
    if change != "move an item":  # a button on the meeting's page, with no page of its own
        assert admin_client_.get(url).status_code == 200
    response = admin_client_.post(url, data)
    assert response.status_code == 302, response.content.decode()
    assert what_the_meeting_is(full_meeting) != before


@pytest.mark.parametrize("started", [timedelta(days=30), timedelta(hours=1)])
@pytest.mark.parametrize("change", [*CHANGES, "remove a paper"])
def test_a_meeting_that_has_started_is_not_changed_by_get_or_post(
    admin_client_, full_meeting, hlep, change, started
):
    held_at(full_meeting, timezone.now().replace(microsecond=0, second=0) - started)
    url, data = changes(full_meeting, hlep)[change]
    before = what_the_meeting_is(full_meeting)
    for response in (admin_client_.get(url), admin_client_.post(url, data)):
        assert response.status_code == 403, response.content.decode()
        assert "The meeting has started" in response.content.decode()
        assert "Back to the meeting" in response.content.decode()
    assert what_the_meeting_is(full_meeting) == before


def test_a_held_meetings_page_offers_no_change_to_it(admin_client_, full_meeting, hlep):
    held_at(full_meeting, at_ten(-30))
    page = admin_client_.get(full_meeting.get_absolute_url()).content.decode()
    for url, _ in changes(full_meeting, hlep).values():
        assert url not in page
    assert "Add an agenda item" not in page
    # What changes after a meeting is still offered.
    for after in ("minutes", "attendance", "actions/new", "priorities/new"):
        assert f"/meetings/{full_meeting.pk}/{after}/" in page


def test_a_started_meeting_still_refuses_people_as_before(client, full_meeting, hlep, outsider, hlep_officer):
    held_at(full_meeting, at_ten(-30))
    reschedule = changes(full_meeting, hlep)["reschedule"][0]
    response = client.get(reschedule)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(outsider)
    response = client.get(reschedule)
    assert response.status_code in (403, 404)
    assert "The meeting has started" not in response.content.decode()
    client.force_login(hlep_officer)  # not an admin: refused for who they are, whenever the meeting is
    response = client.get(reschedule)
    assert response.status_code == 403
    assert "The meeting has started" not in response.content.decode()


@pytest.mark.parametrize("change", CHANGES)
def test_the_services_refuse_to_change_a_meeting_that_has_started(full_meeting, admin_person, change):
    held_at(full_meeting, timezone.now().replace(microsecond=0) - timedelta(hours=1))
    extra = full_meeting.agenda_items.get(title="Skills bootcamps bid")
    before = what_the_meeting_is(full_meeting)
    write = {
        "reschedule": lambda: reschedule_meeting(
            full_meeting, starts_at=at_ten(30), ends_at=at_ten(30) + timedelta(hours=2), by=admin_person
        ),
        "cancel": lambda: cancel_meeting(full_meeting, by=admin_person),
        "add an item": lambda: add_agenda_item(full_meeting, by=admin_person, title="An afterthought"),
        "change an item": lambda: change_agenda_item(extra, by=admin_person, title="Renamed"),
        "move an item": lambda: move_agenda_item(extra, direction="up"),
        "remove an item": lambda: remove_agenda_item(extra, by=admin_person),
    }[change]
    with pytest.raises(ValidationError, match="The meeting has started"):
        write()
    assert what_the_meeting_is(full_meeting) == before
