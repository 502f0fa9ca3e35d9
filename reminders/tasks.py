"""Celery entry points: thin, each safe to run twice (the services claim rows before sending)."""

from celery import shared_task

from . import services

MAX_RETRIES = 8


@shared_task
def dispatch_due_reminders() -> int:
    """Every minute (CELERY_BEAT_SCHEDULE): recover stuck deliveries, then send out due reminders."""
    services.recover()
    return services.dispatch_due()


@shared_task
def plan_scanned_reminders() -> int:
    return services.plan_scanned()


# The hard time limit is below settings.REMINDERS_SENDING_TIMEOUT: a row 'sending' for longer has no live worker.
@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES, soft_time_limit=240, time_limit=300)
def send_delivery(self, delivery_id: int) -> None:
    _send(self, [delivery_id], lambda: services.deliver(delivery_id))


@shared_task
def send_daily_digests() -> None:
    for person_id in services.people_awaiting_digest():
        send_digest.delay(person_id)


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES, soft_time_limit=240, time_limit=300)
def send_digest(self, person_id: int) -> None:
    try:
        delivery_ids = services.claim_digest(person_id)
    except services.DATABASE_AWAY as error:
        raise self.retry(countdown=services.retry_delay(self.request.retries), exc=error) from error
    _send(self, delivery_ids, lambda: services.deliver_digest(delivery_ids))


def _send(task, delivery_ids: list[int], send) -> None:
    try:
        send()
    except OSError as error:  # the mail server refused or could not be reached (SMTPException included)
        _retry_or_give_up(task, delivery_ids, error)
    except services.DATABASE_AWAY as error:
        # Nothing can be recorded now; a row this left 'sending' is picked up by `recover` later.
        raise task.retry(countdown=services.retry_delay(task.request.retries), exc=error) from error
    except Exception as error:
        # A fault in Accord, not in the mail server: retrying will not help; an admin resends after a fix.
        services.give_up(delivery_ids, error=error)
        raise


def _retry_or_give_up(task, delivery_ids: list[int], error: OSError) -> None:
    if task.request.retries >= task.max_retries:
        services.give_up(delivery_ids, error=error)
        return
    countdown = services.retry_delay(task.request.retries)
    services.release_for_retry(delivery_ids, error=error, countdown=countdown)
    raise task.retry(countdown=countdown, exc=error)
