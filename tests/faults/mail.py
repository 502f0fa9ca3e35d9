"""The mail server of the fault scenarios' worker: one .eml file per message, so a test in another
process counts what reached each person. It can be slow, or hang mid-send for the test to kill."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class FileBackend(BaseEmailBackend):
    """One .eml per message in $REMINDERS_TEST_MAIL_DIR. $REMINDERS_TEST_SEND_SECONDS makes each send
    take that long. With $REMINDERS_TEST_HANG_AFTER=n, once n messages are written the next send
    hangs before the server accepts it."""

    def send_messages(self, messages):
        folder = Path(os.environ["REMINDERS_TEST_MAIL_DIR"])
        hang_after = os.environ.get("REMINDERS_TEST_HANG_AFTER")
        for message in messages:
            if hang_after and len(list(folder.glob("*.eml"))) >= int(hang_after):
                (folder / "hanging").touch()
                time.sleep(600)
            time.sleep(float(os.environ.get("REMINDERS_TEST_SEND_SECONDS", 0)))
            (folder / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(messages)
