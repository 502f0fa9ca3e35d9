"""Pages under load: gunicorn with production settings on PostgreSQL with the Redis cache, driven by wrk
on loopback. Each page's throughput is shown as a ratio to a trivial page measured in the same run.

    DATABASE_URL=postgres://… REDIS_URL=redis://… python -m bench.web [--projects 10000] [--seconds 10]
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The floor: a page with no query and no session, so Django's own cost per request.
TRIVIAL = "/accessibility/"
PEOPLE = 60
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("ACCORD %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), summary.errors.status, summary.errors.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(**extra) -> dict:
    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **env,
        "DJANGO_DEBUG": "0",
        # The key that signed the benchmark's sessions, or gunicorn would see strangers.
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # Loopback has no TLS: everything else is as in production.
        "DJANGO_HTTPS": "0",
        **extra,
    }


def session_cookie(person) -> str:
    """A signed-in session for `person`, as the sign-in page would make it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


class Gunicorn:
    def __init__(self, workers: int):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=production_env(),
        )
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=2).read()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


class NotTheRealPage(AssertionError):
    pass


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check_page(url: str, cookie: str) -> None:
    """The page itself answers (200), not a redirect to sign in: wrk counts 3xx as success."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        status = urllib.request.build_opener(_NoRedirects).open(request, timeout=30).status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise NotTheRealPage(f"{url} answered {status}, not the page itself")


def wrk(url: str, cookie: str, *, seconds: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s", "-s", script.name, url]
    if cookie:
        args[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("ACCORD "))
    requests, duration_us, p50, p95, status_errors, timeouts = map(int, line.split()[1:])
    return {
        "requests_per_second": round(requests / (duration_us / 1e6), 1),
        "p50_ms": round(p50 / 1000, 1),
        "p95_ms": round(p95 / 1000, 1),
        "non_2xx": status_errors,
        "timeouts": timeouts,
    }


def pages(partnership) -> list[tuple[str, str, str]]:
    """(name, path, who): the trivial floor first, then the pages people use most."""
    from meetings.models import Meeting
    from projects.models import Project

    project = Project.objects.filter(partnership=partnership).order_by("pk").first()
    meeting = Meeting.objects.filter(partnership=partnership).order_by("-starts_at").first()
    listed = [
        ("trivial page (accessibility statement)", TRIVIAL, ""),
        ("dashboard", "/", "member"),
        ("projects list", "/projects/", "member"),
        ("project page", f"/projects/{project.pk}/", "member"),
        ("Django admin: projects change list", "/django-admin/projects/project/", "staff"),
    ]
    if meeting:
        listed.insert(4, ("review pack", f"/reviews/{meeting.pk}/pack/", "member"))
    return listed


def bench_people(partnership):
    from partnership.models import Membership, Person

    member = Person.objects.filter(
        memberships__organisation__partnerships=partnership, memberships__role=Membership.Role.BOARD_MEMBER
    ).first()
    staff, _ = Person.objects.get_or_create(
        email="bench-staff@bench.accord.localhost",
        defaults={"first_name": "Bench", "last_name": "Staff", "is_staff": True, "is_superuser": True},
    )
    return {"": "", "member": session_cookie(member), "staff": session_cookie(staff)}


def measure(
    partnership, *, seconds: int, connections: int, workers: int, only=None, stdout=sys.stdout
) -> list[dict]:
    """Each page under load in turn; `only` names the pages to measure (all by default)."""
    cookies = bench_people(partnership)
    server = Gunicorn(workers)
    rows = []
    try:
        for name, path, who in pages(partnership):
            if only and name not in only:
                continue
            check_page(server.url + path, cookies[who])
            wrk(server.url + path, cookies[who], seconds=1, connections=2)  # warm the workers
            result = {
                "page": name,
                "path": path,
                **wrk(server.url + path, cookies[who], seconds=seconds, connections=connections),
            }
            rows.append(result)
            stdout.write(f"  {name}: {result['requests_per_second']} req/s\n")
            stdout.flush()
    finally:
        server.stop()
    if rows[0]["path"] == TRIVIAL:
        for row in rows:
            row["ratio_to_trivial"] = round(
                row["requests_per_second"] / (rows[0]["requests_per_second"] or 1), 3
            )
    return rows


def print_table(rows: list[dict], stdout=sys.stdout) -> None:
    stdout.write(
        f"\n{'Page':<40} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'× trivial':>10} {'non-2xx':>8}\n"
    )
    for row in rows:
        stdout.write(
            f"{row['page']:<40} {row['requests_per_second']:>8} {row['p50_ms']:>8} {row['p95_ms']:>8} "
            f"{row['ratio_to_trivial']:>10} {row['non_2xx']:>8}\n"
        )


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--projects", type=int, default=10000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    from bench.generate import generate

    partnership = generate(
        projects=args.projects, people=PEOPLE, scale=args.projects / 1000, reset_first=True
    )
    rows = measure(partnership, seconds=args.seconds, connections=args.connections, workers=args.workers)
    print_table(rows)
    return {"projects": args.projects, "pages": rows}


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    json.dump(main(), sys.stdout, indent=2)
