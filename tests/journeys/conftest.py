"""The app started the way `make run` starts it — the embedded PostgreSQL, migrations, demo data,
static files, then gunicorn and the reminder worker on the filesystem broker, DEBUG off — in a folder
of its own, driven by Playwright in Debian's Chromium."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent
DEMO_PASSWORD = "accord-demo-2026"


def days_ahead(days: int) -> date:
    """A meeting date that is still in the future whenever the suite runs."""
    return date.today() + timedelta(days=days)


def as_shown(day: date) -> str:
    """A date as the meeting page shows it: "Wednesday 7 July 2027"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RunningApp:
    """`make run` in a folder of its own: config.embedded with the embedded PostgreSQL, no Redis."""

    def __init__(self, var_dir: Path):
        self.var_dir = var_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        embedded = (
            "DATABASE_URL",
            "REDIS_URL",
            "CELERY_BROKER_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "DJANGO_DEBUG",
            "DJANGO_SETTINGS_MODULE",  # config.settings, as `make run` has, not the tests' settings
            "DJANGO_STATIC_MANIFEST",
            "EMAIL_URL",
        )
        self.env = {k: v for k, v in os.environ.items() if k not in embedded}
        self.env.update(ACCORD_VAR_DIR=str(var_dir), ACCORD_PORT=str(self.port))
        self.log_path = var_dir / "run.log"
        self.start()

    def start(self):
        self.log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [str(BIN / "python"), "-m", "config.embedded"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_for("/healthz", seconds=300)

    def output(self) -> str:
        return self.log_path.read_text()

    def _wait_for(self, path: str, seconds: float = 90):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                urllib.request.urlopen(self.url + path, timeout=2).read()
                return
            except OSError:
                time.sleep(0.2)  # the server is starting; bounded by the deadline
        raise AssertionError(f"the app never answered:\n{self.output()}")

    def mail(self) -> list[str]:
        """Every email the app has sent, as the files the embedded mail backend writes."""
        folder = self.var_dir / "mail"
        return [path.read_text() for path in sorted(folder.glob("*"))] if folder.exists() else []

    def stop(self):
        """Ctrl-C, as a person would press it: it reaches every process started in the terminal."""
        os.killpg(self.process.pid, signal.SIGINT)
        self.process.wait(timeout=90)
        self.log.close()


@contextmanager
def own_folder(name: str):
    """A var/ folder outside pytest's: the embedded PostgreSQL runs as a user of its own, which needs
    to reach its data through every parent, and each pytest that starts on this machine makes
    /tmp/pytest-of-<user> private to its owner again, pulling the data out from under a running app."""
    folder = Path(tempfile.mkdtemp(prefix=f"accord-{name}-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def var_dir():
    with own_folder("var") as folder:
        yield folder


@pytest.fixture(scope="session")
def app():
    with own_folder("run") as folder:
        running = RunningApp(folder)
        yield running
        running.stop()


@pytest.fixture
def page(browser, app):
    context = browser.new_context(base_url=app.url, bypass_csp=True, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, email: str, password: str = DEMO_PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
