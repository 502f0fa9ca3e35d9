"""`make run` as a newcomer meets it: PostgreSQL from the wheel, started and stopped with the app,
the demo people printed, the time to the first page said, and the data kept from one run to the next."""

import json
import re
import subprocess
import sys
import urllib.request

import psycopg2
import pytest

from tests.journeys.conftest import ROOT, RunningApp
from tests.waiting import wait_until

READY = re.compile(r"Accord is ready on http://127\.0\.0\.1:\d+ \(first page \d+ s after start\)")


def people_in(var_dir) -> int:
    with psycopg2.connect(host=str(var_dir / "postgres"), dbname="accord", user="postgres") as db:
        with db.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM partnership_person")
            return cursor.fetchone()[0]


def test_make_run_serves_on_its_own_postgresql_and_stops_it_on_ctrl_c(var_dir):
    app = RunningApp(var_dir)
    try:
        wait_until(lambda: READY.search(app.output()), timeout=60, message="the ready line")
        output = app.output()
        assert "Demo people for HLEP and CPCA" in output and "connor@cpca.accord.localhost" in output
        assert (var_dir / "postgres" / "PG_VERSION").read_text().strip() == "18"
        with urllib.request.urlopen(f"{app.url}/healthz", timeout=5) as response:
            assert json.load(response) == {"status": "ok", "database": "ok", "broker": "ok"}
        people = people_in(var_dir)
        assert people >= 10
    finally:
        app.stop()
    assert "Stopping the embedded PostgreSQL" in app.output()
    assert not (var_dir / "postgres" / "postmaster.pid").exists(), "PostgreSQL outlived the app"
    assert not list(var_dir.rglob("*.sqlite3"))

    # A launcher killed outright (SIGKILL) leaves its handle on the server behind; later runs still
    # stop the server when they end.
    killed = subprocess.Popen(["true"])
    killed.wait()
    (var_dir / "postgres" / ".handle_pids.json").write_text(json.dumps([killed.pid]))

    app.start()  # again, on the same folder: the data is kept and the demo duplicates nothing
    try:
        assert people_in(var_dir) == people
        second = subprocess.run(
            [sys.executable, "-m", "config.embedded"],
            cwd=ROOT,
            env=app.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 1
        assert f"Port {app.port} is in use: is Accord already running?" in second.stderr
    finally:
        # A SIGTERM to the launcher alone, as a service manager sends it, stops everything too.
        app.process.terminate()
        app.process.wait(timeout=90)
    assert not (var_dir / "postgres" / "postmaster.pid").exists()
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{app.url}/healthz", timeout=5)
