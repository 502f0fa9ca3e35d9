"""3.4 through the reminders outbox: the consulted party hears when a consultation opens and is
reminded before the deadline until it responds."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from partnership.models import Consultation, Membership
from reminders.models import Reminder
from tests.factories import PersonFactory
from tests.outbox import send_due
from tests.partnership.test_consultations import consultation_form, date_fields


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-25 10:00 +0000", tick=False):
        yield


@pytest.fixture
def opened(officer_client, hlep, cpca, cpca_board_member, cpca_officer):
    officer_client.post("/consultations/new/", consultation_form(hlep, cpca))
    return Consultation.objects.get()


def test_opening_plans_the_notice_and_the_deadline_reminders(opened):
    planned = Reminder.objects.filter(status=Reminder.Status.PLANNED).order_by("due_at", "kind")
    assert [r.kind for r in planned] == ["consultation_opened", "consultation_opened_for_information"] + [
        "consultation_response_due"
    ] * 3
    deadline = timezone.localdate(planned.last().due_at)
    assert deadline == opened.respond_by - timedelta(days=1)


def test_the_consulted_board_is_told_with_a_plain_text_part_and_a_link(
    opened, cpca_board_member, hlep_board_member
):
    sent = send_due()
    assert {m.to[0] for m in sent} >= {cpca_board_member.email}
    # The consulting party's own board is told too, but only for information (test_consultations_behave).
    informed = next(m for m in sent if m.to == [hlep_board_member.email])
    assert "For information" in informed.body and "Please respond" not in informed.body
    message = next(m for m in sent if m.to == [cpca_board_member.email])
    assert message.subject.startswith("HLEP consults CPCA: Local Industrial Strategy refresh")
    assert opened.get_absolute_url() in message.body and "duty to cooperate" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_once_the_response_is_recorded_no_reminder_goes(opened, client, cpca_officer):
    send_due()
    response = opened.responses.get()
    client.force_login(cpca_officer)
    client.post(
        f"/consultations/{opened.pk}/responses/{response.pk}/",
        {"text": "Supported.", **date_fields("responded_on", date(2026, 11, 25))},
    )
    assert not Reminder.objects.filter(status=Reminder.Status.PLANNED).exists()
    with time_machine.travel(opened.respond_by - timedelta(days=1)):
        assert send_due() == []


def test_a_reminder_before_the_deadline_reaches_a_board_member_who_joined_since(opened, cpca):
    send_due()
    newcomer = PersonFactory(roles=[(cpca, Membership.Role.BOARD_MEMBER)])
    with time_machine.travel(timezone.make_aware(timezone.datetime(2027, 1, 5, 9, 30))):
        sent = send_due()
    assert newcomer.email in {m.to[0] for m in sent}
    assert all("Response due" in m.subject for m in sent)


def test_moving_the_deadline_moves_the_reminders(opened, officer_client):
    later = opened.respond_by + timedelta(days=14)
    form = consultation_form(opened.consulting_organisation, opened.consulting_organisation)
    form.pop("consulting_organisation")
    form.pop("consulted")
    officer_client.post(f"/consultations/{opened.pk}/edit/", {**form, **date_fields("respond_by", later)})
    planned = Reminder.objects.filter(status=Reminder.Status.PLANNED, kind="consultation_response_due")
    assert timezone.localdate(planned.order_by("due_at").last().due_at) == later - timedelta(days=1)


def test_a_consultation_on_another_kind_of_document_is_worded_plainly(
    officer_client, hlep, cpca, cpca_board_member, hlep_board_member
):
    officer_client.post(
        "/consultations/new/", consultation_form(hlep, cpca, kind=Consultation.Document.OTHER)
    )
    sent = send_due()
    assert sent
    for message in sent:
        assert "on a strategic document:" in message.body
        assert "other strategic document" not in message.body + message.alternatives[0][0]
