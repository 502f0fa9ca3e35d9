"""When PostgreSQL does not answer, the web app still answers: a clear page saying Accord is briefly
unavailable (503, try again), never a stack trace; pages that need no database still work."""

import time
import urllib.error
import urllib.request

import pytest

from tests.config.test_production_shape import PRODUCTION_ENV, child_env, free_port, gunicorn


@pytest.fixture
def app_without_its_database():
    nothing_listens = free_port()
    env = child_env(
        **{
            **PRODUCTION_ENV,
            "DJANGO_HTTPS": "0",  # plain http on loopback
            "DJANGO_STATIC_MANIFEST": "0",  # static files are not collected here
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{nothing_listens}/accord",
        }
    )
    with gunicorn(env) as url:
        yield url


def fetch(url: str, cookie: str = "") -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    for attempt in range(50):
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except urllib.error.URLError:
            if attempt == 49:
                raise
            time.sleep(0.1)  # gunicorn's worker is still booting; bounded by the attempts
    raise AssertionError("unreachable")


def test_a_signed_in_person_gets_a_clear_try_again_page(app_without_its_database):
    status, body = fetch(app_without_its_database + "/", cookie="sessionid=a-session-the-database-would-hold")
    assert status == 503
    assert "Accord is unavailable for a moment" in body
    assert "Traceback" not in body and "OperationalError" not in body


def test_the_sign_in_page_still_opens(app_without_its_database):
    status, body = fetch(app_without_its_database + "/accounts/login/")
    assert status == 200  # the form itself needs no database


def test_health_says_what_is_down_and_pages_without_data_still_work(app_without_its_database):
    status, body = fetch(app_without_its_database + "/healthz")
    assert status == 503 and '"database": "unreachable' in body
    assert fetch(app_without_its_database + "/accessibility/")[0] == 200
