"""Planning, dispatching and delivering reminders.

Planning writes Reminder rows inside the caller's transaction. Every minute the beat task runs
`dispatch_due`: each due reminder becomes one Delivery per recipient (unique in the database) and
each delivery a `send_delivery` task after commit. `deliver` claims its row with one conditional
UPDATE (pending -> sending), so a task that runs twice sends once. `recover` puts rows whose worker
died back to pending and re-enqueues deliveries whose task was lost.

At least once, never knowingly twice: a worker killed in the instant after the mail server accepted a
message but before the row is marked sent leaves the row 'sending'; `recover` sends it again after
REMINDERS_SENDING_TIMEOUT. The message keeps the same Message-ID (one per delivery), so mail systems that
remove duplicates keep one copy. We chose this over marking such rows failed, because a lost meeting
change is worse than a rare duplicate, and the window is one database round trip long.

Faults: when the broker cannot be reached, deliveries stay in the database and the next beat's
`recover` enqueues them; when the database is away for a moment, tasks retry, and a worker that has
just sent a message waits for the database (RECORD_SENT_FOR) to record it, rather than send it twice.
"""

import logging
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from typing import Any

from celery import Task
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Model, Q, QuerySet
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnreachable

from partnership.models import Partnership, Person
from partnership.site import local
from partnership.writes import done_by

from .failures import error_text
from .kinds import ReminderKind, all_kinds, get_kind
from .mail import build_digest, build_message
from .models import Delivery, KindSetting, Preference, Reminder

logger = logging.getLogger(__name__)

SEND_AT = time(8, 0)  # reminders before a date go out at 8am, London time
DISPATCH_BATCH = 200
# How long a worker keeps trying to record a message the mail server has taken, if the database is
# away: within send_delivery's soft time limit, and long enough for a database restart.
RECORD_SENT_FOR = timedelta(minutes=2)
DATABASE_AWAY = (OperationalError, InterfaceError)


# tasks.send_delivery, handed over by apps.py when the app starts: the tasks call these services, so
# these do not import the tasks.
_delivery_task: Task | None = None


def send_deliveries_with(task: Task) -> None:
    global _delivery_task
    _delivery_task = task


# Planning: called inside the transaction of the change that causes the reminders.


def offsets(kind: ReminderKind, partnership: Partnership) -> tuple[int, ...]:
    """Days before the anchor, as the partnership's admins set them (KindSetting) or the kind's default."""
    setting = KindSetting.objects.filter(partnership=partnership, kind=kind.name).first()
    if setting and setting.offsets is not None:
        return setting.offsets
    return kind.default_offsets


def is_enabled(kind: ReminderKind, partnership: Partnership) -> bool:
    """A partnership's admins may switch off optional kinds for it; invitations, changes and
    cancellations always go."""
    return (
        not kind.optional
        or not KindSetting.objects.filter(partnership=partnership, kind=kind.name, enabled=False).exists()
    )


def save_setting(
    *, partnership: Partnership, kind: ReminderKind, enabled: bool, offsets_days: str, by: Person
) -> KindSetting:
    """The partnership's setting of a kind, made or changed; two admins saving it at once both land
    on the one row."""
    with transaction.atomic():
        setting, _ = KindSetting.objects.select_for_update().get_or_create(
            partnership=partnership, kind=kind.name
        )
        setting.enabled = enabled
        setting.offsets_days = offsets_days
        done_by(setting, by)
        setting.save()
    return setting


def save_preference(*, person: Person, daily_digest: bool, switched_off: list[str], by: Person) -> Preference:
    """A person's choice of how optional emails come, and which optional kinds they switched off."""
    optional = {kind.name for kind in all_kinds() if kind.optional}
    with transaction.atomic():
        preference = _locked_preference(person)
        preference.daily_digest = daily_digest
        preference.switched_off = sorted(set(switched_off) & optional)
        done_by(preference, by)
        preference.save()
    return preference


def switch_off(*, person: Person, kind: ReminderKind, by: Person | None = None) -> Preference:
    """One kind switched off for one person (the one-click link in its emails); mandatory kinds stay on."""
    with transaction.atomic():
        preference = _locked_preference(person)
        if kind.optional and kind.name not in preference.switched_off:
            preference.switched_off = sorted([*preference.switched_off, kind.name])
            done_by(preference, by or person)
            preference.save()
    return preference


def _locked_preference(person: Person) -> Preference:
    # Two saves at once (the page and a mail client's one-click) land on the one row, one after the other.
    Preference.objects.get_or_create(person=person)
    return Preference.objects.select_for_update().get(person=person)


def plan_at(
    kind_name: str, record: Model, *, due_at: datetime, context: dict | None = None
) -> Reminder | None:
    kind = get_kind(kind_name)
    partnership = kind.partnership(record)  # the settings of the record's partnership, no other's
    if not is_enabled(kind, partnership):
        return None
    about = kind.about(record) if kind.about else record
    return Reminder.objects.create(
        kind=kind.name,
        partnership=partnership,
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        about_type=ContentType.objects.get_for_model(about),
        about_id=about.pk,
        due_at=due_at,
        context=context or {},
    )


def plan_now(kind_name: str, record: Model, *, context: dict | None = None) -> Reminder | None:
    return plan_at(kind_name, record, due_at=timezone.now(), context=context)


def send_time(day: date) -> datetime:
    return local(day, SEND_AT)


def _anchor_text(anchor: date | datetime | None) -> str:
    if isinstance(anchor, datetime):
        return anchor.astimezone(UTC).isoformat()  # as the database gives it back, whatever zone it came in
    return anchor.isoformat() if anchor else ""


def _same_anchor(text: str, anchor: date | datetime | None) -> bool:
    """Compared as moments: "10:00+01:00" planned from a form is the "09:00+00:00" read back."""
    if not anchor:
        return not text
    try:
        return type(anchor).fromisoformat(text) == anchor
    except ValueError:
        return False


def _anchor_day(anchor: date | datetime) -> date:
    return timezone.localdate(anchor) if isinstance(anchor, datetime) else anchor


def plan_before(kind_name: str, record: Model) -> list[Reminder]:
    """One reminder at each of the kind's offsets before its anchor date, leaving out past ones."""
    kind = get_kind(kind_name)
    anchor = kind.anchor(record)  # type: ignore[misc]  # only kinds with an anchor are planned before it
    if anchor is None:
        return []
    now = timezone.now()
    planned = []
    passed = False
    for days in offsets(kind, kind.partnership(record)):
        due_at = send_time(_anchor_day(anchor) - timedelta(days=days))
        if due_at <= now:
            passed = True
            continue
        reminder = plan_at(
            kind_name, record, due_at=due_at, context={"days_before": days, "anchor": _anchor_text(anchor)}
        )
        if reminder:
            planned.append(reminder)
    if kind.catch_up and passed and not planned and _anchor_day(anchor) >= timezone.localdate(now):
        planned += _catch_up(kind, record, anchor, now)
    return planned


def _catch_up(kind: ReminderKind, record: Model, anchor: date | datetime, now: datetime) -> list[Reminder]:
    """The one reminder, due now, of a record made inside its last offset: never a second one for the
    same date, however often the record is saved again."""
    text = _anchor_text(anchor)
    already = (
        Reminder.objects.for_record(record)
        .filter(kind=kind.name, context__anchor=text)
        .exclude(status=Reminder.Status.CANCELLED)
    )
    if already.exists():
        return []
    days = (_anchor_day(anchor) - timezone.localdate(now)).days
    reminder = plan_at(kind.name, record, due_at=now, context={"days_before": days, "anchor": text})
    return [reminder] if reminder else []


def cancel_planned(record: Model, *, kinds: list[str] | None = None) -> int:
    """Cancel the record's reminders not yet sent: planned rows and deliveries still waiting."""
    reminders = Reminder.objects.for_record(record)
    if kinds is not None:
        reminders = reminders.filter(kind__in=kinds)
    now = timezone.now()
    Delivery.objects.filter(reminder__in=reminders, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.CANCELLED
    )
    return reminders.filter(status=Reminder.Status.PLANNED).update(
        status=Reminder.Status.CANCELLED, cancelled_at=now
    )


def replan_before(kind_name: str, record: Model) -> list[Reminder]:
    cancel_planned(record, kinds=[kind_name])
    return plan_before(kind_name, record)


def plan_scanned(*, today: date | None = None) -> int:
    """Plan the kinds that are found by looking (e.g. actions due soon), each record at most once
    per the kind's min_interval."""
    today = today or timezone.localdate()
    now = timezone.now()
    planned = 0
    for kind in all_kinds():
        if kind.scan is None:
            continue
        with transaction.atomic():
            for record in kind.scan(today):
                recent = (
                    Reminder.objects.for_record(record)
                    .filter(kind=kind.name)
                    .exclude(status=Reminder.Status.CANCELLED)
                )
                if kind.min_interval and recent.filter(created_at__gt=now - kind.min_interval).exists():
                    continue
                if plan_now(kind.name, record):  # None where the record's partnership switched it off
                    planned += 1
    return planned


# Dispatching: the beat task, every minute.


def is_still_due(kind: ReminderKind, record: Model | None, reminder: Reminder) -> bool:
    if record is None:
        return False
    if kind.anchor and "anchor" in reminder.context:
        # The date moved since this was planned: the replanned reminders say the right thing.
        if not _same_anchor(reminder.context["anchor"], kind.anchor(record)):
            return False
    return kind.still_due(record, reminder)


def _enqueue(delivery_ids: list[int]) -> None:
    for position, delivery_id in enumerate(delivery_ids):
        try:
            _delivery_task.delay(delivery_id)  # type: ignore[union-attr]  # handed over by apps.py at start-up
        except BrokerUnreachable:
            # The rows are safe in the database: the next beat's `recover` enqueues them.
            waiting = delivery_ids[position:]
            logger.warning("The broker is unreachable; %d deliveries wait for it.", len(waiting))
            Delivery.objects.filter(pk__in=waiting, status=Delivery.Status.PENDING).update(enqueued_at=None)
            return


def _open_deliveries(reminder: Reminder, now: datetime) -> None:
    kind = get_kind(reminder.kind)
    record = reminder.record
    if not is_still_due(kind, record, reminder):
        reminder.status = Reminder.Status.CANCELLED
        reminder.cancelled_at = now
        reminder.save(update_fields=["status", "cancelled_at"])
        return
    # Recipients are who holds the role now, not when the reminder was planned.
    people = list(kind.recipients(record).filter(is_active=True).exclude(email="").distinct())
    digest_ids = set()
    if kind.optional:
        preferences = Preference.objects.filter(person__in=people)
        digest_ids = set(preferences.filter(daily_digest=True).values_list("person_id", flat=True))
        # The people who switched this kind off get no delivery at all.
        off_ids = set(
            preferences.filter(switched_off__contains=[kind.name]).values_list("person_id", flat=True)
        )
        people = [person for person in people if person.pk not in off_ids]
    Delivery.objects.bulk_create(
        [
            Delivery(
                reminder=reminder,
                person=person,
                email=person.email,
                digest=person.pk in digest_ids,
                enqueued_at=None if person.pk in digest_ids else now,
            )
            for person in people
        ],
        ignore_conflicts=True,
    )
    reminder.status = Reminder.Status.DISPATCHED
    reminder.dispatched_at = now
    reminder.save(update_fields=["status", "dispatched_at"])


def dispatch_due(*, now: datetime | None = None) -> int:
    """Turn due reminders into deliveries and enqueue them. Safe to run twice at once: each run
    locks the rows it takes and skips the rows another run holds."""
    now = now or timezone.now()
    with transaction.atomic():
        reminders = list(Reminder.objects.due(now).select_for_update(skip_locked=True)[:DISPATCH_BATCH])
        for reminder in reminders:
            try:
                with transaction.atomic():
                    _open_deliveries(reminder, now)
            except Exception:
                # One broken reminder (e.g. its kind was removed) must not hold up the others.
                logger.exception("Could not send out reminder %s; it stays planned.", reminder.pk)
        delivery_ids = list(
            Delivery.objects.filter(
                reminder__in=reminders, status=Delivery.Status.PENDING, digest=False
            ).values_list("pk", flat=True)
        )
        transaction.on_commit(partial(_enqueue, delivery_ids))
    return len(reminders)


def recover(*, now: datetime | None = None) -> int:
    """Send again what a dead worker left 'sending', and re-enqueue deliveries whose task was lost."""
    now = now or timezone.now()
    with transaction.atomic():
        stuck = Delivery.objects.filter(
            status=Delivery.Status.SENDING, claimed_at__lt=now - settings.REMINDERS_SENDING_TIMEOUT
        )
        for delivery_id in stuck.values_list("pk", flat=True):
            logger.warning(
                "Delivery %s was left sending by a worker that stopped; sending it again.", delivery_id
            )
        stuck.update(status=Delivery.Status.PENDING, enqueued_at=None)
        lost = Delivery.objects.select_for_update(skip_locked=True).filter(
            Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - settings.REMINDERS_REQUEUE_AFTER),
            status=Delivery.Status.PENDING,
            digest=False,
        )
        delivery_ids = list(lost.values_list("pk", flat=True))
        Delivery.objects.filter(pk__in=delivery_ids).update(enqueued_at=now)
        transaction.on_commit(partial(_enqueue, delivery_ids))
    return len(delivery_ids)


# Delivering: one task per delivery, and one per person for the daily digest.


def retry_delay(retries: int) -> int:
    """Seconds before trying a failing mail server again: 1, 2, 4 … minutes, at most an hour."""
    return min(settings.REMINDERS_RETRY_SECONDS * 2**retries, 3600)


def _claim(deliveries: QuerySet[Delivery]) -> int:
    return deliveries.filter(status=Delivery.Status.PENDING).update(
        status=Delivery.Status.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )


def _finish(delivery_ids: list[int], status: str, error: str = "") -> None:
    values: dict[str, Any] = {"status": status, "last_error": error}
    if status == Delivery.Status.SENT:
        values["sent_at"] = timezone.now()
    Delivery.objects.filter(pk__in=delivery_ids, status=Delivery.Status.SENDING).update(**values)


def _record_sent(delivery_ids: list[int]) -> None:
    """Mark messages the mail server has taken as sent, waiting out a database that is away for a
    moment: a row left 'sending' would be sent again by `recover`."""
    deadline = clock.monotonic() + RECORD_SENT_FOR.total_seconds()
    pause = 0.5
    while True:
        try:
            _finish(delivery_ids, Delivery.Status.SENT)
            return
        except DATABASE_AWAY:
            if clock.monotonic() + pause > deadline:
                raise
            logger.warning("The database is away; recording %s as sent when it is back.", delivery_ids)
            connection.close()  # the next query opens a new connection
            clock.sleep(pause)
            pause = min(pause * 2, 10)


def deliver(delivery_id: int) -> bool:
    """Send one delivery if nobody has. Returns whether this call sent it; mail-server errors
    (OSError, which includes SMTPException) propagate for the task to retry."""
    if not _claim(Delivery.objects.filter(pk=delivery_id, digest=False)):
        return False  # sent, being sent, cancelled, or gone
    delivery = Delivery.objects.select_related("reminder__partnership", "person").get(pk=delivery_id)
    reminder = delivery.reminder
    kind = get_kind(reminder.kind)
    record = reminder.record
    if not is_still_due(kind, record, reminder):
        _finish([delivery_id], Delivery.Status.CANCELLED)
        return False
    build_message(delivery, kind=kind, record=record).send()
    _record_sent([delivery_id])
    return True


def release_for_retry(delivery_ids: list[int], *, error: Exception, countdown: int) -> None:
    Delivery.objects.filter(pk__in=delivery_ids, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.PENDING,
        last_error=error_text(error),
        enqueued_at=timezone.now() + timedelta(seconds=countdown),
    )


def give_up(delivery_ids: list[int], *, error: Exception) -> None:
    _finish(delivery_ids, Delivery.Status.FAILED, error_text(error))


def people_awaiting_digest() -> list[int]:
    return list(
        Delivery.objects.filter(status=Delivery.Status.PENDING, digest=True)
        .values_list("person_id", flat=True)
        .distinct()
        .order_by("person_id")
    )


def claim_digest(person_id: int) -> list[int]:
    """Claim everything waiting for this person's digest; returns the claimed delivery ids."""
    with transaction.atomic():
        delivery_ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(person_id=person_id, status=Delivery.Status.PENDING, digest=True)
            .values_list("pk", flat=True)
        )
        _claim(Delivery.objects.filter(pk__in=delivery_ids))
    return delivery_ids


def deliver_digest(delivery_ids: list[int]) -> bool:
    """Send one email listing the claimed deliveries still due; mail errors propagate."""
    deliveries = list(
        Delivery.objects.filter(pk__in=delivery_ids, status=Delivery.Status.SENDING)
        .select_related("reminder__partnership", "person")
        .order_by("reminder__due_at")
    )
    items, stale = [], []
    for delivery in deliveries:
        kind = get_kind(delivery.reminder.kind)
        record = delivery.reminder.record
        if is_still_due(kind, record, delivery.reminder):
            items.append((delivery, kind, record))
        else:
            stale.append(delivery.pk)
    _finish(stale, Delivery.Status.CANCELLED)
    if not items:
        return False
    build_digest(items[0][0].person, items).send()
    _record_sent([delivery.pk for delivery, _, _ in items])
    return True


# Admin actions.


def resend(delivery: Delivery) -> Delivery:
    """Send a failed delivery again, on its own."""
    with transaction.atomic():
        updated = Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.FAILED).update(
            status=Delivery.Status.PENDING, digest=False, last_error="", enqueued_at=timezone.now()
        )
        if updated:
            transaction.on_commit(partial(_enqueue, [delivery.pk]))
    delivery.refresh_from_db()
    return delivery
