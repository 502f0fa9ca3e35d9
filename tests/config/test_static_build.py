"""Every static file the built CSS and the templates refer to exists, is collected, and is served.

The production image runs `npm run build`, then `collectstatic` with the manifest storage, then
gunicorn with whitenoise (see the Dockerfile); these tests do the same on this machine.
"""

import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders

from tests.config.test_production_shape import (
    PRODUCTION_ENV,
    ROOT,
    _database_url,
    child_env,
    gunicorn,
)

STATIC = ROOT / "static"
BUILT_CSS = STATIC / "dist" / "accord.css"
CSS_URL = re.compile(r"""url\(\s*(["']?)(.*?)\1\s*\)""")
TEMPLATE_STATIC = re.compile(r"""\{%\s*static\s+["']([^"']+)["']\s*%\}""")
# 500.html and 503.html are rendered without the template engine's help, so they name /static/ outright.
TEMPLATE_LITERAL_STATIC = re.compile(r"""(?:href|src)=["']/static/([^"'?#]+)""")
JS_IMPORT = re.compile(r"""(?:\bimport|\bfrom)\s*\(?\s*["']([^"']+)["']""")
# The pages anyone can see, signed in or not.
PUBLIC_PAGES = ["/accounts/login/", "/accessibility/", "/no-such-page/"]


def css_files() -> list[Path]:
    assert BUILT_CSS.exists(), "static/dist/accord.css is missing: run `npm run build` (or `make assets`)"
    return sorted(STATIC.rglob("*.css"))


def template_files() -> list[Path]:
    """The project's templates and its own apps' templates (not those of installed packages)."""
    folders = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    folders += [
        Path(config.path) / "templates"
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(ROOT) and "site-packages" not in Path(config.path).parts
    ]
    return sorted(path for folder in folders if folder.is_dir() for path in folder.rglob("*.html"))


def test_every_url_in_the_built_css_is_a_file_the_build_copies():
    missing = set()
    for css in css_files():
        for _, url in CSS_URL.findall(css.read_text()):
            if url.startswith("data:") or url.startswith("#"):
                continue
            path = urlsplit(url).path
            if path.startswith(settings.STATIC_URL):
                target = STATIC / path.removeprefix(settings.STATIC_URL)
            elif path.startswith("/") or urlsplit(url).scheme:
                missing.add(f"{css.relative_to(ROOT)}: {url} is not under {settings.STATIC_URL}")
                continue
            else:
                target = css.parent / path
            if not target.resolve().is_file():
                missing.add(f"{css.relative_to(ROOT)}: {url}")
    assert not missing, "url()s with no file under static/:\n" + "\n".join(sorted(missing))


def test_the_built_css_draws_no_crown_and_loads_no_gds_transport():
    """Accord is not a GOV.UK service: neither the crown crest nor the GOV.UK typeface is its to use."""
    assert BUILT_CSS.exists(), "static/dist/accord.css is missing: run `npm run build` (or `make assets`)"
    css = BUILT_CSS.read_text()
    assert "govuk-crest" not in css, "the built CSS draws the crown crest"
    assert "GDS Transport" not in css and "@font-face" not in css


def test_every_static_reference_in_the_templates_is_found_by_the_finders():
    references = [
        (template, name)
        for template in template_files()
        for pattern in (TEMPLATE_STATIC, TEMPLATE_LITERAL_STATIC)
        for name in pattern.findall(template.read_text())
    ]
    assert any(name == "dist/accord.css" for _, name in references)
    missing = [
        f"{template.relative_to(ROOT)}: {name}" for template, name in references if not finders.find(name)
    ]
    assert not missing, "static files no finder has:\n" + "\n".join(missing)


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic as the Dockerfile runs it, into a var/ of its own; returns (var dir, the run)."""
    var_dir = tmp_path_factory.mktemp("var")
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "1"],
        cwd=ROOT,
        env=child_env(**PRODUCTION_ENV, ACCORD_VAR_DIR=str(var_dir)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    return var_dir, result


def test_collectstatic_with_the_manifest_succeeds(collected):
    var_dir, result = collected
    assert result.returncode == 0, result.stdout + result.stderr
    assert (var_dir / "staticfiles" / "staticfiles.json").is_file()


class StaticReferences(HTMLParser):
    """The URLs a page loads: stylesheets and icons, scripts and images."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        attribute = {"link": "href", "script": "src", "img": "src"}.get(tag)
        if attribute and attributes.get(attribute):
            self.urls.append(attributes[attribute])


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


def referenced_urls(url: str, content_type: str, body: bytes) -> list[str]:
    """What a stylesheet's url()s and a script's module imports load, as absolute URLs."""
    text = body.decode("utf-8", errors="replace")
    if content_type == "text/css":
        found = [u for _, u in CSS_URL.findall(text) if not u.startswith(("data:", "#"))]
    elif content_type in ("text/javascript", "application/javascript"):
        found = [u for u in JS_IMPORT.findall(text) if u.startswith((".", "/"))]
    else:
        found = []
    return [urljoin(url, u) for u in found]


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_every_static_file_the_public_pages_load(collected):
    var_dir, result = collected
    assert result.returncode == 0, "collectstatic failed:\n" + result.stdout + result.stderr
    env = child_env(
        **{
            **PRODUCTION_ENV,
            "DATABASE_URL": _database_url(),
            "DJANGO_HTTPS": "0",  # plain http on loopback; production sits behind TLS
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "ACCORD_VAR_DIR": str(var_dir),
        }
    )
    with gunicorn(env) as base:
        to_load = []
        for page in PUBLIC_PAGES:
            status, _, body = _fetch_with_retries(base + page)
            assert status == (404 if page == "/no-such-page/" else 200), (page, status)
            parser = StaticReferences()
            parser.feed(body.decode())
            static_urls = [urljoin(base + page, u) for u in parser.urls]
            assert any(u.endswith(".css") for u in static_urls), f"{page} loads no stylesheet"
            assert any(u.endswith(".js") for u in static_urls), f"{page} loads no script"
            to_load += static_urls

        failures, loaded = [], set()
        while to_load:
            url = to_load.pop()
            if url in loaded:
                continue
            loaded.add(url)
            if not urlsplit(url).path.startswith(settings.STATIC_URL):
                failures.append(f"{url}: not a static file")
                continue
            status, content_type, body = fetch(url)
            if status != 200:
                failures.append(f"{url}: {status}")
                continue
            to_load += referenced_urls(url, content_type, body)
        assert not failures, "static files the public pages load:\n" + "\n".join(sorted(failures))
        # The manifest is in use: the pages name the files by their hashed names.
        assert any(re.search(r"/accord\.[0-9a-f]{12}\.css$", url) for url in loaded), sorted(loaded)


def _fetch_with_retries(url: str, tries: int = 50) -> tuple[int, str, bytes]:
    for attempt in range(tries):
        try:
            return fetch(url)
        except urllib.error.URLError:
            if attempt == tries - 1:
                raise
            time.sleep(0.1)  # gunicorn's worker is booting; bounded by `tries`
    raise AssertionError(f"{url} never answered")
