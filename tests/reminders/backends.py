"""Mail servers for tests: one that fails before it works, and one that writes each message to a
file (so a worker in another process can be counted) and can hang mid-send to be killed."""

import os
import smtplib
import time
import uuid
from pathlib import Path

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend


class FailingThenWorkingBackend(BaseEmailBackend):
    """Refuses the first `failures` messages with an SMTP error, then accepts like locmem."""

    failures = 0

    def send_messages(self, messages):
        for message in messages:
            if FailingThenWorkingBackend.failures > 0:
                FailingThenWorkingBackend.failures -= 1
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            mail.outbox.append(message)
        return len(messages)


class FileBackend(BaseEmailBackend):
    """One .eml per message in $REMINDERS_TEST_MAIL_DIR. With $REMINDERS_TEST_HANG_AFTER=n, once n
    messages are written the next send hangs before the server accepts it, for the test to kill."""

    def send_messages(self, messages):
        folder = Path(os.environ["REMINDERS_TEST_MAIL_DIR"])
        hang_after = os.environ.get("REMINDERS_TEST_HANG_AFTER")
        for message in messages:
            if hang_after and len(list(folder.glob("*.eml"))) >= int(hang_after):
                (folder / "hanging").touch()
                time.sleep(600)
            (folder / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(messages)
