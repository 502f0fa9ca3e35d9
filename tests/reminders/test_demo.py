import pytest
from django.template import Context, Template

from reminders import demo
from reminders.models import Delivery, Reminder, Sender

pytestmark = pytest.mark.django_db


def test_the_demo_sends_out_invitations_with_one_failure_and_running_it_again_duplicates_nothing(
    partnership, meeting
):
    demo.load(partnership)
    counts = (Reminder.objects.count(), Delivery.objects.count(), Sender.objects.count())
    demo.load(partnership)
    assert (Reminder.objects.count(), Delivery.objects.count(), Sender.objects.count()) == counts
    assert Delivery.objects.filter(status=Delivery.Status.FAILED).count() == 1
    assert not Reminder.objects.filter(kind="meeting_scheduled", status="planned").exists()


def test_other_pages_link_to_a_meetings_reminders_with_a_tag(meeting):
    html = Template("{% load reminders %}{% reminders_url meeting %}").render(Context({"meeting": meeting}))
    assert html == f"/reminders/meetings.meeting/{meeting.pk}/"
