"""Admins see every reminder about a meeting and send a failed one again; everyone chooses how they
receive reminders; nobody else sees or does either."""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from reminders.models import Delivery, KindSetting, Preference, Reminder
from reminders.services import dispatch_due
from tests.meetings.factories import schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_delivery(meeting):
    with transaction.atomic():
        dispatch_due()
    delivery = Delivery.objects.filter(reminder__kind="meeting_scheduled").first()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.FAILED, attempts=9, last_error="SMTPServerDisconnected: closed"
    )
    return delivery


def record_page(meeting):
    return reverse("reminders:record", args=["meetings.meeting", meeting.pk])


def resend_url(delivery):
    return reverse("reminders:resend", args=[delivery.pk])


def test_the_anonymous_are_sent_to_sign_in(client, failed_delivery, meeting):
    for path in ["/reminders/", "/reminders/preferences/", "/reminders/settings/", record_page(meeting)]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert client.post(resend_url(failed_delivery)).status_code == 302


@pytest.mark.parametrize("who", ["nobody", "hlep_board_member", "hlep_officer"])
def test_only_partnership_admins_see_a_meetings_reminders_or_resend(
    client, request, who, failed_delivery, meeting
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(record_page(meeting)).status_code == 403
    assert client.post(resend_url(failed_delivery)).status_code == 403
    failed_delivery.refresh_from_db()
    assert failed_delivery.status == Delivery.Status.FAILED


def test_an_admin_of_another_partnership_finds_nothing(client, failed_delivery, meeting):
    from partnership.models import Membership
    from tests.factories import OrganisationFactory, PartnershipFactory, PersonFactory

    elsewhere = OrganisationFactory(short_name="ELSE")
    PartnershipFactory(parties=[elsewhere])
    client.force_login(PersonFactory(roles=[(elsewhere, Membership.Role.PARTNERSHIP_ADMIN)]))
    assert client.get(record_page(meeting)).status_code == 404
    assert client.post(resend_url(failed_delivery)).status_code == 404


def test_an_admin_sees_every_reminder_of_a_meeting_and_to_whom(admin_client_, failed_delivery, meeting):
    page = admin_client_.get(record_page(meeting))
    assert page.status_code == 200
    content = page.content.decode()
    for label in ["Meeting scheduled", "Meeting coming up, 28 days before", "Papers due"]:
        assert label in content
    assert failed_delivery.email in content
    assert "1 failed" in content
    assert "SMTPServerDisconnected" in content


def test_an_admin_sends_a_failed_reminder_again(
    admin_client_, failed_delivery, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client_.post(resend_url(failed_delivery))
    assert response.status_code == 302
    assert response["Location"] == record_page(meeting)
    failed_delivery.refresh_from_db()
    assert failed_delivery.status == Delivery.Status.PENDING
    assert len(callbacks) == 1  # its task is enqueued once the change is committed


def test_a_reminder_that_has_not_failed_is_not_sent_again(admin_client_, failed_delivery):
    sent = Delivery.objects.exclude(pk=failed_delivery.pk).first()
    Delivery.objects.filter(pk=sent.pk).update(status=Delivery.Status.SENT, sent_at=timezone.now())
    admin_client_.post(resend_url(sent))
    sent.refresh_from_db()
    assert sent.status == Delivery.Status.SENT


def test_admins_see_failed_reminders_on_the_reminders_page(admin_client_, failed_delivery):
    page = admin_client_.get("/reminders/")
    assert failed_delivery.email in page.content.decode()
    assert resend_url(failed_delivery) in page.content.decode()


def test_a_board_member_sees_the_reminders_sent_to_them_but_not_failures(
    client, failed_delivery, hlep_board_member
):
    client.force_login(hlep_board_member)
    page = client.get("/reminders/")
    assert page.status_code == 200
    assert "Reminders sent to you" in page.content.decode()
    assert "Reminders that failed" not in page.content.decode()


def test_a_board_member_chooses_a_daily_digest(board_client, hlep_board_member):
    assert board_client.get("/reminders/preferences/").status_code == 200
    response = board_client.post("/reminders/preferences/", {"daily_digest": "True"})
    assert response.status_code == 302
    assert Preference.objects.get(person=hlep_board_member).daily_digest is True
    board_client.post("/reminders/preferences/", {"daily_digest": "False"})
    assert Preference.objects.get(person=hlep_board_member).daily_digest is False


def test_a_preference_form_without_a_choice_says_what_is_wrong(board_client):
    response = board_client.post("/reminders/preferences/", {})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_the_meeting_reminders_page_runs_the_same_queries_for_more_reminders(
    admin_client_, django_assert_num_queries, partnership, hlep, board_members
):
    meeting = schedule(partnership, hlep)
    with transaction.atomic():
        dispatch_due()
    admin_client_.get(record_page(meeting))  # warm the content-type cache
    with django_assert_num_queries(13):
        admin_client_.get(record_page(meeting))
    for _ in range(5):
        Reminder.objects.create(
            kind="meeting_upcoming",
            partnership=partnership,
            content_type=Reminder.objects.first().content_type,
            object_id=meeting.pk,
            due_at=timezone.now(),
            context={"days_before": 3},
        )
    with transaction.atomic():
        dispatch_due()
    with django_assert_num_queries(13):
        admin_client_.get(record_page(meeting))


def test_the_reminders_page_runs_the_same_queries_for_more_reminders(
    admin_client_, django_assert_num_queries, partnership, hlep, board_members, admin_person
):
    def sent_to_admin(meetings):
        for _ in range(meetings):
            schedule(partnership, hlep)
        with transaction.atomic():
            dispatch_due()
        Delivery.objects.filter(reminder__kind="meeting_scheduled").update(status=Delivery.Status.FAILED)

    from partnership.models import Membership
    from tests.factories import PersonFactory  # noqa: F401

    Membership.objects.create(person=admin_person, organisation=hlep, role=Membership.Role.BOARD_MEMBER)
    sent_to_admin(1)
    admin_client_.get("/reminders/")
    with django_assert_num_queries(13):
        admin_client_.get("/reminders/")
    sent_to_admin(4)
    with django_assert_num_queries(13):
        admin_client_.get("/reminders/")


def test_a_partnership_admin_changes_the_days_before_a_meeting(
    admin_client_, partnership, hlep, board_members
):
    page = admin_client_.get("/reminders/settings/")
    assert "Meeting coming up" in page.content.decode()
    assert "28, 7, 1" in page.content.decode()

    response = admin_client_.post(
        "/reminders/settings/meeting_upcoming/", {"enabled": "on", "offsets_days": "7, 21"}
    )
    assert response.status_code == 302
    assert schedule(partnership, hlep).pk
    assert sorted(r.context["days_before"] for r in Reminder.objects.filter(kind="meeting_upcoming")) == [
        7,
        21,
    ]


def test_days_before_must_be_whole_days(admin_client_):
    response = admin_client_.post(
        "/reminders/settings/meeting_upcoming/", {"enabled": "on", "offsets_days": "7, soon"}
    )
    assert response.status_code == 200
    assert "Enter whole numbers of days from 1 to 365" in response.content.decode()
    assert not KindSetting.objects.exists()


def test_invitations_cannot_be_switched_off_and_unknown_kinds_are_not_found(admin_client_):
    form = admin_client_.get("/reminders/settings/meeting_scheduled/").context["form"]
    assert "enabled" not in form.fields
    assert admin_client_.get("/reminders/settings/no_such_kind/").status_code == 404


@pytest.mark.parametrize("who", ["nobody", "hlep_board_member", "hlep_officer"])
def test_only_partnership_admins_change_reminder_settings(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/reminders/settings/").status_code == 403
    assert client.post("/reminders/settings/meeting_upcoming/", {"offsets_days": "1"}).status_code == 403
    assert not KindSetting.objects.exists()


def test_reminders_of_several_records_are_listed_under_the_one_they_are_about(
    monkeypatch, admin_client_, partnership, hlep, hlep_board_member, hlep_officer
):
    """As a consultation's page lists the reminders of each consulted party's response."""
    from partnership.models import Membership, Person
    from reminders import kinds
    from reminders.kinds import ReminderKind
    from reminders.services import plan_now

    kind = ReminderKind(
        name="seat_review",
        label="Seat review",
        record_model="partnership.Membership",
        recipients=lambda membership: Person.objects.filter(pk=membership.person_id),
        partnership=lambda membership: partnership,
        reason="You hold this seat.",
        about=lambda membership: membership.organisation,
    )
    monkeypatch.setitem(kinds._KINDS, kind.name, kind)
    for membership in Membership.objects.filter(
        organisation=hlep, person__in=[hlep_board_member, hlep_officer]
    ):
        plan_now("seat_review", membership)

    page = admin_client_.get(f"/reminders/partnership.organisation/{hlep.pk}/")
    assert page.status_code == 200
    content = page.content.decode()
    assert content.count("Seat review") == 2
    assert "Helen Ashby — Board member, HLEP" in content
    assert "Hugo Dale — Officer, HLEP" in content


def test_a_record_nothing_is_about_is_not_found(admin_client_, hlep_board_member):
    assert admin_client_.get(f"/reminders/partnership.person/{hlep_board_member.pk}/").status_code == 404
    assert admin_client_.get("/reminders/no.such/1/").status_code == 404
    assert admin_client_.get("/reminders/nonsense/1/").status_code == 404
