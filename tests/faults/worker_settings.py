"""Settings of the worker process the kill test starts: Accord's own, with mail written to files."""

from config.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.reminders.backends.FileBackend"
