"""factory-boy factories for meetings' records."""

from datetime import timedelta

import factory
from django.utils import timezone

from meetings.models import Action, AgendaItem, Decision, Meeting, Priority, Proposal
from meetings.services import schedule_meeting


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title = "Six-monthly review"
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + timedelta(hours=2))
    papers_deadline = factory.LazyAttribute(lambda m: m.starts_at - timedelta(days=7))
    location = "Council Chamber, Hertford"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Agenda item {n}")
    position = factory.Sequence(lambda n: n + 10)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    description = factory.Sequence(lambda n: f"Action {n}")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    owner_organisation = factory.LazyAttribute(lambda a: a.owner.memberships.first().organisation)


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    title = factory.Sequence(lambda n: f"Priority {n}")


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    title = factory.Sequence(lambda n: f"Proposal {n}")
    summary = "A joint approach the boards are asked to agree."


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    outcome = Decision.Outcome.APPROVED
    decided_on = factory.LazyFunction(timezone.localdate)


def schedule(partnership, host, *, starts_at=None, days_ahead: int = 30, by=None) -> Meeting:
    """A two-hour review scheduled as an admin schedules it (invitations and reminders included),
    `days_ahead` from now unless `starts_at` is given."""
    starts_at = starts_at or timezone.now().replace(microsecond=0, second=0) + timedelta(days=days_ahead)
    return schedule_meeting(
        partnership=partnership,
        title="Six-monthly review",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        host=host,
        papers_deadline=starts_at - timedelta(days=7),
        location="Council Chamber, Hertford",
        by=by,
    )


def held_at(meeting: Meeting, starts_at) -> Meeting:
    """Move a scheduled meeting in time (papers due a week before), as if it had been set for then."""
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        papers_deadline=starts_at - timedelta(days=7),
    )
    meeting.refresh_from_db()
    return meeting


def held_today(meeting: Meeting) -> Meeting:
    """The meeting started an hour ago and is still going on."""
    return held_at(meeting, timezone.now().replace(microsecond=0) - timedelta(hours=1))
