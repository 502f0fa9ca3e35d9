"""One database engine everywhere: what `make run` serves is what the suite tests."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_with_no_environment_accord_runs_on_the_embedded_postgresql(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["ACCORD_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.db import connection as c; "
            "print(c.vendor, c.settings_dict['OPTIONS']['host'])",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["postgresql", str(tmp_path / "postgres")]


def test_the_suite_runs_on_postgresql():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_no_code_or_setting_of_accord_names_sqlite():
    tracked = subprocess.run(
        [
            "git",
            "ls-files",
            "*.py",
            "*.toml",
            "*.txt",
            "*.cfg",
            "*.example",
            "Makefile",
            "Dockerfile",
            "Procfile*",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    naming = [
        path
        for path in tracked
        if not path.startswith("tests/") and "sqlite" in (ROOT / path).read_text().lower()
    ]
    assert naming == []
