import uuid

import pytest


@pytest.fixture
def counters_afresh(settings):
    """The test counts its own password-reset requests: the cache outlives a test and a run, and
    every test client asks from the same address."""
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}
