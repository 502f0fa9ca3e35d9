"""3.4 as a secretary expects: a party never consults itself, a consultation opened late is still
reminded of its deadline (once), and every party's board hears that a consultation has opened."""

import datetime
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from partnership.models import Consultation, ConsultationResponse, Membership
from partnership.services import open_consultation
from reminders.models import Reminder
from tests.factories import PersonFactory
from tests.partnership.test_consultation_reminders import send_due
from tests.partnership.test_consultations import TODAY, consultation_form, date_fields

pytestmark = pytest.mark.django_db

TOMORROW = TODAY + timedelta(days=1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-25 10:00 +0000", tick=False):
        yield


def response_due(sent) -> list:
    return [m for m in sent if "Response due" in m.subject]


def test_the_form_will_not_let_a_party_consult_itself(officer_client, hlep, cpca):
    form = consultation_form(hlep, cpca, consulted=[hlep.pk, cpca.pk])
    response = officer_client.post("/consultations/new/", form)
    assert response.status_code == 200
    assert "does not consult itself" in " ".join(response.context["form"].errors["consulted"])
    assert not Consultation.objects.exists()


def test_the_service_refuses_a_party_consulting_itself(partnership, hlep, cpca, hlep_officer):
    with pytest.raises(ValidationError, match="does not consult itself"):
        open_consultation(
            partnership=partnership,
            consulted=[cpca, hlep],
            by=hlep_officer,
            consulting_organisation=hlep,
            kind="skills_plan",
            title="Skills plan 2027",
            summary="For comment.",
            link="https://example.org/skills-plan",
            opens_on=TODAY,
            respond_by=TODAY + timedelta(days=30),
        )
    assert not Consultation.objects.exists() and not ConsultationResponse.objects.exists()
    assert not Reminder.objects.exists()


def test_a_consultation_due_tomorrow_is_reminded_now(officer_client, hlep, cpca, cpca_board_member):
    officer_client.post(
        "/consultations/new/", consultation_form(hlep, cpca, **date_fields("respond_by", TOMORROW))
    )
    due = Reminder.objects.filter(kind="consultation_response_due").exclude(status=Reminder.Status.CANCELLED)
    assert [r.due_at <= timezone.now() for r in due] == [True]
    reminded = response_due(send_due())
    assert [m.to for m in reminded] == [[cpca_board_member.email]]
    assert "Thursday 26 November 2026" in reminded[0].body


def test_a_late_consultation_keeps_the_reminders_still_ahead_and_gets_none_now(officer_client, hlep, cpca):
    officer_client.post(
        "/consultations/new/",
        consultation_form(hlep, cpca, **date_fields("respond_by", TODAY + timedelta(days=10))),
    )
    due = Reminder.objects.filter(kind="consultation_response_due").order_by("due_at")
    assert [r.context["days_before"] for r in due] == [3, 1]
    assert all(r.due_at > timezone.now() for r in due)


def test_changing_a_late_consultation_does_not_remind_its_board_twice(
    officer_client, hlep, cpca, cpca_board_member
):
    officer_client.post(
        "/consultations/new/", consultation_form(hlep, cpca, **date_fields("respond_by", TOMORROW))
    )
    assert len(response_due(send_due())) == 1
    consultation = Consultation.objects.get()
    form = consultation_form(hlep, cpca, title="Local Industrial Strategy refresh (corrected)")
    form.pop("consulting_organisation")
    form.pop("consulted")
    officer_client.post(
        f"/consultations/{consultation.pk}/edit/", {**form, **date_fields("respond_by", TOMORROW)}
    )
    assert Consultation.objects.get().title.endswith("(corrected)")
    assert response_due(send_due()) == []
    with time_machine.travel(datetime.datetime(2026, 11, 26, 9, 0, tzinfo=datetime.UTC)):
        assert response_due(send_due()) == []


def test_when_a_consultation_opens_both_boards_are_told_each_person_once(
    officer_client, hlep, cpca, hlep_board_member, hlep_officer, cpca_board_member, cpca_officer
):
    on_both_boards = PersonFactory(
        roles=[(hlep, Membership.Role.BOARD_MEMBER), (cpca, Membership.Role.BOARD_MEMBER)]
    )
    officer_client.post("/consultations/new/", consultation_form(hlep, cpca))
    sent = send_due()
    recipients = [m.to[0] for m in sent]
    assert sorted(recipients) == sorted(
        {
            hlep_board_member.email,
            hlep_officer.email,
            cpca_board_member.email,
            cpca_officer.email,
            on_both_boards.email,
        }
    )
    by_person = {m.to[0]: m for m in sent}
    for consulted in (cpca_board_member, cpca_officer, on_both_boards):
        message = by_person[consulted.email]
        assert "Please respond by" in message.body and "Please respond by" in message.alternatives[0][0]
    for informed in (hlep_board_member, hlep_officer):
        message = by_person[informed.email]
        assert message.subject.startswith("HLEP consults CPCA: Local Industrial Strategy refresh")
        for part in (message.body, message.alternatives[0][0]):
            assert "For information" in part and "Please respond by" not in part
            assert "CPCA responds by" in part
        assert message.alternatives[0][1] == "text/html"
        assert Consultation.objects.get().get_absolute_url() in message.body
