"""Reminders through the real worker: 100 meetings, boards of 30, one invitation each (3,000 emails).

    DATABASE_URL=postgres://… REDIS_URL=redis://… python -m bench.reminders

A local SMTP server counts what arrives. Accord's way: the outbox rows are dispatched and a Celery
worker (a separate process, on Redis) sends one task per delivery, claiming each row first. The
baseline: the same messages, rendered the same way, sent in a loop over one SMTP connection, as a
plain `send_mass_mail` would. Prints emails per second of each, in the same run.
"""

import os
import socketserver
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

MEETINGS = 100
BOARD_SIZE = 30  # per meeting: 15 on each party's board
WORKER_CONCURRENCY = int(os.environ.get("BENCH_WORKER_CONCURRENCY", "4"))


class SmtpSink(socketserver.ThreadingTCPServer):
    """Just enough SMTP to accept mail and count it."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.received = 0
        self.lock = threading.Lock()


class _SmtpHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        self.reply("220 bench ESMTP")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 bench")
            elif command == "DATA":
                self.reply("354 go ahead")
                while self.rfile.readline() not in (b".\r\n", b""):
                    pass
                with self.server.lock:
                    self.server.received += 1
                self.reply("250 accepted")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:  # MAIL, RCPT, RSET, NOOP
                self.reply("250 ok")


def _make_boards(partnership_name: str):
    from partnership.models import Board, Membership, Organisation, Partnership, Person

    parties = []
    for short in ("BENCHA", "BENCHB"):
        organisation = Organisation.objects.create(name=f"{short} Council", short_name=short)
        Board.objects.create(organisation=organisation, name=f"{short} Board")
        parties.append(organisation)
    partnership = Partnership.objects.create(name=partnership_name)
    partnership.parties.set(parties)
    for organisation in parties:
        for n in range(BOARD_SIZE // 2):
            person = Person.objects.create_user(
                f"bench{n}@{organisation.short_name.lower()}.bench.localhost",
                first_name="Bench",
                last_name=f"Member {n}",
            )
            Membership.objects.create(
                person=person, organisation=organisation, role=Membership.Role.BOARD_MEMBER
            )
    return partnership, parties


def _cleanup(partnership_name: str) -> None:
    from meetings.models import Meeting
    from partnership.models import Organisation, Partnership, Person

    Meeting.objects.filter(partnership__name=partnership_name).delete()  # reminders go with their rows below
    from reminders.models import Reminder

    Reminder.objects.filter(partnership__name=partnership_name).delete()
    Partnership.objects.filter(name=partnership_name).delete()
    Person.objects.filter(email__endswith=".bench.localhost").delete()
    Organisation.objects.filter(short_name__in=["BENCHA", "BENCHB"]).delete()


def _start_worker(smtp_port: int) -> subprocess.Popen:
    env = {**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}"}
    return subprocess.Popen(
        [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "config",
            "worker",
            "--loglevel=WARNING",
            f"--concurrency={WORKER_CONCURRENCY}",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"bench-{os.getpid()}@%h",
        ],
        env=env,
        start_new_session=True,
    )


def _wait(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"Gave up waiting for {what}.")
        time.sleep(0.1)


def main() -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.conf import settings
    from django.core.mail import get_connection
    from django.utils import timezone

    from config.celery import app
    from meetings.services import schedule_meeting
    from reminders.kinds import get_kind
    from reminders.mail import build_message
    from reminders.models import Delivery
    from reminders.services import dispatch_due

    if not settings.CELERY_BROKER_URL.startswith("redis"):
        raise SystemExit("bench.reminders needs Redis: set REDIS_URL.")
    name = "Reminders benchmark partnership"
    _cleanup(name)
    smtp = SmtpSink()
    threading.Thread(target=smtp.serve_forever, daemon=True).start()
    smtp_port = smtp.server_address[1]
    worker = _start_worker(smtp_port)
    try:
        partnership, parties = _make_boards(name)
        start = timezone.now() + timedelta(days=60)
        meetings = [
            schedule_meeting(
                partnership=partnership,
                title=f"Benchmark review {n}",
                starts_at=start + timedelta(days=n),
                ends_at=start + timedelta(days=n, hours=2),
                host=parties[n % 2],
                papers_deadline=start + timedelta(days=n - 7),
            )
            for n in range(MEETINGS)
        ]
        _wait(lambda: app.control.ping(timeout=1.0), 60, "the worker to start")

        deliveries = Delivery.objects.filter(reminder__partnership=partnership)
        began = time.perf_counter()
        while dispatch_due():
            pass
        _wait(lambda: not deliveries.exclude(status=Delivery.Status.SENT).exists(), 900, "the worker")
        celery_seconds = time.perf_counter() - began
        emails = deliveries.count()
        assert smtp.received == emails, f"{smtp.received} emails arrived for {emails} deliveries"

        # Baseline: the same messages, one connection, no Celery, no rows claimed.
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        rows = list(deliveries.select_related("reminder", "person"))
        records = {meeting.pk: meeting for meeting in meetings}
        began = time.perf_counter()
        messages = [
            build_message(row, kind=get_kind(row.reminder.kind), record=records[row.reminder.object_id])
            for row in rows
        ]
        with get_connection() as connection:
            connection.send_messages(messages)
        loop_seconds = time.perf_counter() - began
        assert smtp.received == 2 * emails

        print(f"Reminders: {MEETINGS} meetings x {BOARD_SIZE} board members = {emails} emails")
        print(
            f"  through Celery (worker concurrency {WORKER_CONCURRENCY}, Redis): {emails / celery_seconds:8.1f} emails/s ({celery_seconds:.1f} s)"
        )
        print(
            f"  plain loop over one SMTP connection:        {emails / loop_seconds:8.1f} emails/s ({loop_seconds:.1f} s)"
        )
        return {
            "emails": emails,
            "celery_emails_per_second": round(emails / celery_seconds, 1),
            "plain_loop_emails_per_second": round(emails / loop_seconds, 1),
        }
    finally:
        os.killpg(worker.pid, 15)
        worker.wait(timeout=60)
        smtp.shutdown()
        _cleanup(name)


if __name__ == "__main__":
    main()
