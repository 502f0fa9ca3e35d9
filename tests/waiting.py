"""Waiting, bounded, for what another thread, process or server does."""

import time
from pathlib import Path


def wait_until(
    condition, *, timeout: float = 30, message: str = "the worker to finish", log: Path | None = None
):
    """Poll `condition` until it is true; on timeout, fail showing the end of `log` if given."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.05)
    tail = "\n".join(log.read_text(errors="replace").splitlines()[-40:]) if log and log.exists() else ""
    raise AssertionError(f"Timed out waiting for {message}\n{tail}")
