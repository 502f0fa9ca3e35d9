"""Development mail: every message is printed and also kept as a file under var/mail/."""

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class ConsoleAndFileBackend(BaseEmailBackend):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.console = ConsoleBackend(**kwargs)
        self.file = FileBackend(**kwargs)

    def send_messages(self, email_messages):
        self.console.send_messages(email_messages)
        return self.file.send_messages(email_messages)
