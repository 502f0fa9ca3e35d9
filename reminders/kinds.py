"""The kinds of reminder Accord sends. A feature that wants reminders only registers a kind.

Put the registration in `<your app>/reminders.py`; the reminders app imports that module of every
installed app at start-up. For example, funding reminding a bid's lead officers before it closes
(funding/reminders.py, shortened):

    from reminders.kinds import ReminderKind, register
    from reminders.services import replan_before

    BID_CLOSING = register(
        ReminderKind(
            name="bid_closing",
            label="Bid closing soon",
            record_model="funding.Bid",
            recipients=lambda bid: bid.lead_officers,                # a Person queryset, read at send time
            partnership=lambda bid: bid.opportunity.partnership,     # whose sender address and admins
            reason="You are an officer of the bid's lead applicant, and the bid has not been submitted yet.",
            anchor=lambda bid: bid.opportunity.closes_on,            # the date the offsets count back from
            default_offsets=(14, 3),                                 # days before; admins may change them
            still_due=lambda bid, reminder: bid.status in Bid.WORKING,  # checked again just before sending
        )
    )

    def plan_closing_reminders(bid):  # called inside the transaction that saves the bid
        replan_before(BID_CLOSING.name, bid)  # or plan_before(...) the first time

Write its email as templates/email/bid_closing.subject.txt, .txt and .html (each gets `person`,
`record`, `reminder`, `kind`, `url`, `reason` and `site_url`). `plan_now(kind, record)` plans a
one-off notice (e.g. "consultation opened"); a kind with `scan` is planned by the daily beat task.

Admins see every reminder of a record at `{% load reminders %}{% reminders_url record %}`. When the
reminded record is a part of something bigger, say which: `about=lambda response: response.consultation`
lists each consulted party's reminders on the consultation's page.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import QuerySet

_KINDS: dict[str, "ReminderKind"] = {}


def _always(record, reminder) -> bool:
    return True


def _no_attachments(record, reminder) -> list:
    return []


def _no_context(record, person) -> dict:
    return {}


def _absolute_url(record) -> str:
    return record.get_absolute_url()


@dataclass(frozen=True)
class ReminderKind:
    name: str
    label: str
    record_model: str  # "app_label.ModelName"
    # Who receives it, worked out when it falls due: a queryset of Person.
    recipients: Callable[[Any], QuerySet]
    partnership: Callable[[Any], Any]
    # One sentence telling the person why they receive it.
    reason: str
    # Optional kinds may go into the daily digest; the others (changes, cancellations) always go alone.
    optional: bool = True
    # For reminders before a date: the date or datetime, and how many days before it. Each
    # partnership's admins may change the days, and switch optional kinds off, for the reminders
    # about its own records (models.KindSetting, which services.py reads).
    anchor: Callable[[Any], date | datetime | None] | None = None
    default_offsets: tuple[int, ...] = ()
    # A record made after its last offset has passed (but before the anchor day is over) is reminded
    # once at once, rather than not at all: e.g. a consultation opened the day before its deadline.
    catch_up: bool = False
    # Asked again just before each email goes: False cancels it (e.g. the meeting was cancelled).
    still_due: Callable[[Any, Any], bool] = _always
    # [(filename, bytes, mimetype)] attached to the email, e.g. the meeting's .ics.
    attachments: Callable[[Any, Any], list] = _no_attachments
    url: Callable[[Any], str] = _absolute_url
    # For kinds planned by the daily beat task rather than by a change: the records to remind today,
    # at most once per `min_interval` each.
    scan: Callable[[date], Iterable] | None = None
    min_interval: timedelta | None = None
    # The record whose reminders page (for admins) lists these: by default the reminded record itself; a
    # consulted party's response would give its consultation, so admins see them all in one place.
    about: Callable[[Any], Any] | None = None
    template: str = ""  # the email templates' name under templates/email/, if not the kind's name
    # More for the email's templates, for this person: e.g. the invitation's signed answer links.
    extra_context: Callable[[Any, Any], dict] = _no_context

    @property
    def template_name(self) -> str:
        return self.template or self.name


def register(kind: ReminderKind) -> ReminderKind:
    _KINDS[kind.name] = kind
    return kind


def get_kind(name: str) -> ReminderKind:
    return _KINDS[name]


def all_kinds() -> list[ReminderKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.label)


def kinds_for_model(model) -> list[ReminderKind]:
    label = model._meta.label_lower
    return [kind for kind in _KINDS.values() if kind.record_model.lower() == label]
