"""What docker-compose and production run is really provided by the project, and starts."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7#Qm!2vR9@pLk4$Zt8^Wn5&Yb3*Hc6(Jd1)Fg0-Se7+Ua2=Ix9",
    "DJANGO_ALLOWED_HOSTS": "accord.example.gov.uk",
    "DJANGO_HTTPS": "1",
    "DJANGO_STATIC_MANIFEST": "1",
}


def child_env(**overrides) -> dict:
    """The environment a real deployment gives: without the browser tests' async-unsafe allowance,
    and with Accord's own settings (config.settings), not the tests' (config.settings_test)."""
    left_out = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in left_out}
    return {**env, **overrides}


def compose_services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def test_compose_runs_postgres_redis_web_worker_beat_and_a_mail_catcher():
    services = compose_services()
    assert {"postgres", "redis", "web", "worker", "beat", "mail"} <= set(services)
    assert services["web"]["command"].startswith("gunicorn config.wsgi:application")
    assert services["worker"]["command"].startswith("celery -A config worker")
    assert services["beat"]["command"].startswith("celery -A config beat")
    assert services["migrate"]["command"] == "python manage.py migrate --noinput"
    assert services["web"]["healthcheck"]["test"][-1].endswith("/healthz')")


def test_each_compose_command_names_something_the_project_provides():
    from config.celery import app
    from config.wsgi import application

    assert callable(application)
    assert app.main == "accord"
    assert (ROOT / "manage.py").exists()
    assert (ROOT / "Dockerfile").exists()


def test_check_deploy_is_clean_with_production_variables():
    env = child_env(**PRODUCTION_ENV)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_output(process, text: str, seconds: float = 60) -> str:
    """Reads a child's output until it says `text`; bounded in time, no fixed sleeps."""
    seen = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        seen.append(line)
        if text in line:
            return "".join(seen)
    raise AssertionError(f"never saw {text!r}:\n{''.join(seen)}")


@contextmanager
def gunicorn(env: dict) -> Iterator[str]:
    """gunicorn serving Accord with one worker on a free loopback port; gives its address."""
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for_output(process, "Booting worker")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_the_app_and_its_health_endpoint(live_server):
    env = child_env(DATABASE_URL=_database_url(), DJANGO_ALLOWED_HOSTS="127.0.0.1")
    with gunicorn(env) as url:
        body = _get_with_retries(f"{url}/healthz")
        assert '"database": "ok"' in body and '"broker": "ok"' in body


@pytest.mark.django_db(transaction=True)
# Beat is stopped only once it has loaded its schedule ("Ticking", logged at DEBUG): a SIGTERM
# between "Starting" and that makes celery open the schedule file a second time, and it hangs.
@pytest.mark.parametrize("command, ready", [("worker", "ready."), ("beat", "beat: Ticking")])
def test_the_celery_worker_and_beat_start_against_redis(command, ready, tmp_path):
    env = child_env(DATABASE_URL=_database_url())
    args = [str(BIN / "celery"), "-A", "config", command]
    if command == "beat":
        args += ["--loglevel=DEBUG", "--schedule", str(tmp_path / "beat-schedule")]
    else:
        args += ["--loglevel=INFO"]
    process = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        output = wait_for_output(process, ready)
        assert settings.CELERY_BROKER_URL.startswith("redis://")
        assert "redis://" in output or command == "beat"
    finally:
        process.terminate()
        process.wait(timeout=30)


def _database_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _get_with_retries(url: str, tries: int = 50) -> str:
    for attempt in range(tries):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            if attempt == tries - 1:
                raise
            time.sleep(0.1)  # gunicorn's worker is booting; bounded by `tries`
    return ""


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    from io import StringIO

    from django.core.management import call_command

    output = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=output)
    except SystemExit:  # --check exits with 1 when a migration is missing
        pytest.fail(f"A model changed without its migration:\n{output.getvalue()}")
    assert "No changes detected" in output.getvalue()


def test_the_image_copies_no_local_virtualenv_data_or_secrets():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".venv", ".venv-*", "var", "node_modules", ".env", "static/dist"} <= ignored
