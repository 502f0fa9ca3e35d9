"""A mail server for tests that fails before it works."""

import smtplib

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
