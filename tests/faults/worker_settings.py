"""Settings of the worker the fault scenarios start: Accord's own, with mail written to files, and the
beat's waits shortened from minutes to seconds so that a scenario runs in under a minute."""

import os
from datetime import timedelta

from config.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.faults.mail.FileBackend"
CELERY_BEAT_SCHEDULE = {
    "reminders-dispatch": {"task": "reminders.tasks.dispatch_due_reminders", "schedule": 1.0},
}
CELERY_BEAT_SCHEDULE_FILENAME = os.environ["REMINDERS_TEST_BEAT_SCHEDULE"]
# Longer than any send in these scenarios (a second at most) plus a database restart.
REMINDERS_SENDING_TIMEOUT = timedelta(seconds=20)
REMINDERS_REQUEUE_AFTER = timedelta(seconds=10)
REMINDERS_RETRY_SECONDS = 1
