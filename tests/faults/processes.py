"""What a fault scenario runs, as production runs it, and the faults it injects: a Redis of its own
(restarted empty, as a Redis that keeps nothing on disk comes back), the Celery worker with its beat,
gunicorn with production settings, and the machine's PostgreSQL, stopped and started again."""

import email
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection

from tests.config.test_production_shape import PRODUCTION_ENV, child_env, free_port
from tests.waiting import wait_until

ROOT = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent


def database_url() -> str:
    database = connection.settings_dict
    return f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


class Redis:
    """A redis-server on a free port, as the machine's runs (nothing kept on disk)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
        )
        wait_until(self.answers, timeout=30, message="redis-server to start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)

    def answers(self) -> bool:
        try:
            return redis.Redis.from_url(self.url, socket_timeout=1).ping()
        except redis.ConnectionError:
            return False


class Worker:
    """`celery worker --beat` with tests.faults.worker_settings, in its own process group so that a
    kill reaches the pool's child too."""

    def __init__(self, folder: Path, broker_url: str, *, concurrency: int = 1, **mail_server):
        self.folder = folder
        self.concurrency = concurrency
        self.mail_dir = folder / "mail"
        self.mail_dir.mkdir(exist_ok=True)
        self.log = folder / "worker.log"
        self.broker_url = broker_url
        self.mail_server = {
            f"REMINDERS_TEST_{name.upper()}": str(value) for name, value in mail_server.items()
        }
        self.process = None

    def start(self) -> None:
        env = child_env(
            DJANGO_SETTINGS_MODULE="tests.faults.worker_settings",
            DATABASE_URL=database_url(),
            CELERY_BROKER_URL=self.broker_url,
            REMINDERS_TEST_MAIL_DIR=str(self.mail_dir),
            REMINDERS_TEST_BEAT_SCHEDULE=str(self.folder / "beat-schedule"),
            **self.mail_server,
        )
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [
                    str(BIN / "celery"),
                    "-A",
                    "config",
                    "worker",
                    "--beat",
                    "--pool=prefork",
                    f"--concurrency={self.concurrency}",
                    "--loglevel=INFO",
                    "--without-gossip",
                    "--without-mingle",
                    "-n",
                    f"faults-{os.getpid()}@%h",
                ],
                cwd=ROOT,
                env=env,
                start_new_session=True,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.kill()

    def recipients(self) -> Counter:
        """How many messages reached each address."""
        return Counter(
            email.message_from_bytes(path.read_bytes())["To"] for path in self.mail_dir.glob("*.eml")
        )


class Web:
    """gunicorn serving Accord with production settings, on loopback without TLS."""

    def __init__(self, folder: Path, redis_url: str, *, workers: int = 1):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / "web.log"
        env = child_env(
            **{
                **PRODUCTION_ENV,
                "DJANGO_SECRET_KEY": settings.SECRET_KEY,  # the key that signs the tests' sessions
                "DJANGO_HTTPS": "0",
                "DJANGO_STATIC_MANIFEST": "0",
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                "DATABASE_URL": database_url(),
                "REDIS_URL": redis_url,
            }
        )
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "config.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    str(workers),
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until(lambda: self._connects(), timeout=60, message="gunicorn to start", log=self.log)

    def _connects(self) -> bool:
        try:
            urllib.request.urlopen(self.url + "/accessibility/", timeout=5).read()
            return True
        except OSError:
            return False

    def get(self, path: str, cookie: str = "") -> tuple[int, str]:
        request = urllib.request.Request(self.url + path, headers={"Cookie": cookie} if cookie else {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


class PostgreSQL:
    """The machine's own cluster, through Debian's pg_ctlcluster (the command .ci/run starts it with)."""

    def __init__(self):
        [version] = os.listdir("/etc/postgresql")
        self.command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]

    def stop(self) -> None:
        # Fast: connections are cut at once, as when the server fails.
        subprocess.run([*self.command, "stop", "-m", "fast"], check=True, capture_output=True)

    def start(self) -> None:
        subprocess.run([*self.command, "start"], check=True, capture_output=True)
        wait_until(self.answers, timeout=60, message="PostgreSQL to accept connections")
        connection.close()  # this process's connection died with the server

    def answers(self) -> bool:
        return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode == 0
