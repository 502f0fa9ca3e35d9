"""Every page of the app as `make run` serves it, as each demo role sees it: no server error, no
broken link, and no stylesheet, script, image or font that the browser asks for and does not get.

The crawl starts at the dashboard and follows every link (and every address in a JSON answer or a
copyable field) in Chromium, a couple of addresses per URL pattern, so ids are the demo's own. Then
it checks that every GET URL pattern of the app was reached by some role.

The browser is 320 CSS px wide, as a phone zoomed to 400% is (WCAG 2.2 1.4.10 Reflow): every page it
loads must fit that width, its controls must be at least 24 by 24 px (2.5.8 Target Size), and axe-core
must find nothing at WCAG 2.2 AA."""

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.urls import URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from tests.browser.conftest import axe_violations
from tests.journeys.conftest import DEMO_PASSWORD, RunningApp, own_folder

ROLES = [
    "helen@hlep.accord.localhost",  # board member
    "colin@cpca.accord.localhost",
    "hugo@hlep.accord.localhost",  # officer
    "cara@cpca.accord.localhost",
    "hana@hlep.accord.localhost",  # partnership admin and board secretary
    "connor@cpca.accord.localhost",
    None,  # signed out
]
# Pages no link leads to, asked for by address as a person would type or bookmark them.
SEEDS = [
    "/",
    "/healthz",
    "/accessibility/",
    "/api/v1/",
    "/api/v1/schema/",
    "/accounts/password-reset/sent/",
    "/accounts/password-reset/done/",
    "/no-such-page/",
    "/accounts/login/",
    "/accounts/password-reset/",
    "/agreement/compare/v1/v1/",  # the demo's agreement has one version: compared with itself
]
# GET patterns no crawl can reach, and why.
UNREACHABLE = {
    "accounts/password-reset/<uidb64>/<token>/": "needs the token from a reset email",
    "profile/email/confirm/<str:token>/": "needs the link sent to a new email address",
    "reminders/unsubscribe/<str:token>/": "needs the token from an email",
    "meetings/answer/<str:token>/": "needs the token from an email",
}
FEED_OWNER = "hugo@hlep.accord.localhost"  # makes a calendar feed, whose address the crawl follows
PER_PATTERN = 2  # addresses visited per URL pattern and set of query parameters, per role
NARROW = {"width": 320, "height": 640}

# What sticks out of a page wider than the window, and which controls are smaller than 24 by 24 px.
# A table may scroll inside its own labelled region (.accord-scroll); nothing else may.
FIT = """() => {
  const width = document.documentElement.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
    ' "' + (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40) + '"';
  const wide = [];
  if (document.documentElement.scrollWidth > width) {
    for (const el of document.body.querySelectorAll('*')) {
      if (el.closest('.accord-scroll') && !el.matches('.accord-scroll')) continue;
      const box = el.getBoundingClientRect();
      if (box.right > width + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1)) {
        wide.push(name(el) + ' reaches ' + Math.round(box.right) + 'px');
      }
    }
  }
  const small = [];
  for (const el of document.querySelectorAll(
      'button, select, textarea, summary, input:not([type=hidden]), a.govuk-button')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // not shown
    if (box.width < 24 || box.height < 24) small.push(name(el) + ' ' + Math.round(box.width) + 'x' + Math.round(box.height));
  }
  return {width: document.documentElement.scrollWidth, wide: wide.slice(0, 5), small: small.slice(0, 5)};
}"""


def answers_get(view) -> bool:
    if hasattr(view, "actions"):  # a DRF viewset
        return "get" in view.actions
    view_class = getattr(view, "view_class", None)
    return view_class is None or ("get" in view_class.http_method_names and hasattr(view_class, "get"))


def get_patterns() -> set[str]:
    """Every route of the app that answers GET, as ResolverMatch.route spells it (without the
    regular expressions' "^"), less the API's format suffixes (the same views as JSON)."""
    routes = set()

    def walk(resolver, prefix):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern).removeprefix("^")
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":  # Django's own admin is Django's to test
                    walk(pattern, route)
            elif answers_get(pattern.callback) and "format>" not in route:
                routes.add(route)

    walk(get_resolver(), "")
    return routes


def route_of(path: str) -> str | None:
    try:
        return resolve(path).route
    except Resolver404:
        return None


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.found.append(attributes["href"])
        elif tag == "input" and (attributes.get("value") or "").startswith("http"):
            self.found.append(attributes["value"])


def links_in(html: str, url: str) -> list[str]:
    """What the page links to, as absolute addresses (as the browser's `a.href` gives them)."""
    parser = _Links()
    parser.feed(html)
    return [urljoin(url, link) for link in parser.found]


class Crawl:
    def __init__(self, context, base_url: str):
        self.context = context
        self.page = context.new_page()
        self.base = base_url
        self.routes: set[str] = set()
        self.failures: list[str] = []
        self.misfits: list[str] = []  # pages that do not reflow at 320 px, or have tiny controls
        self.inaccessible: list[str] = []
        self.visited: set[str] = set()
        self.in_browser: set[str | None] = set()
        self.per_key: Counter = Counter()
        self.page.on("response", self._subresource)
        self.page.on("requestfailed", lambda request: self._broken(request.url, request.failure))

    def _subresource(self, response):
        if response.request.resource_type != "document" and response.status >= 400:
            self._broken(response.url, response.status)

    def _broken(self, url, why):
        self.failures.append(f"{self.current}: asset {url} -> {why}")

    def run(self, seeds):
        queue = deque(seeds)
        while queue:
            url = queue.popleft()
            path = urlsplit(url).path
            query = tuple(sorted({key for key, _ in parse_qsl(urlsplit(url).query)}))
            route = route_of(path)
            key = (route or path, query)
            if url in self.visited or self.per_key[key] >= PER_PATTERN:
                continue
            self.visited.add(url)
            self.per_key[key] += 1
            queue.extend(self.visit(url, route))

    def visit(self, url: str, route: str | None) -> list[str]:
        self.current = url
        response = self.context.request.get(url, max_redirects=0)
        status = response.status
        expected_missing = url == "/no-such-page/"
        if status >= 500 or (status == 404 and not expected_missing):
            self.failures.append(f"{url} -> {status}")
            return []
        if route is not None:
            self.routes.add(route)
        if 300 <= status < 400:
            return [response.headers["location"]]
        content_type = response.headers.get("content-type", "")
        if "json" in content_type:
            return self.addresses_in(response.json()) + self.api_records(url, response.json())
        if "text/html" not in content_type:
            return []
        if route in self.in_browser:  # its assets were loaded once already: read its links only
            links = links_in(response.text(), self.base + url)
        else:
            self.in_browser.add(route)
            document = self.page.goto(url)
            assert document is not None
            if document.status != status:
                self.failures.append(f"{url} -> {document.status} in the browser, {status} by request")
            links = self.page.eval_on_selector_all(
                "a[href], input[value^='http']", "els => els.map(e => e.href || e.value)"
            )
            if status == 200:
                self.check_fit(url)
        return [self.local(link) for link in links if self.local(link)]

    def check_fit(self, url: str):
        fit = self.page.evaluate(FIT)
        if fit["width"] > NARROW["width"] or fit["wide"]:
            self.misfits.append(f"{url} is {fit['width']}px wide: {fit['wide']}")
        if fit["small"]:
            self.misfits.append(f"{url} has controls under 24px: {fit['small']}")
        violations = axe_violations(self.page)
        if violations:
            self.inaccessible.append(f"{url}: {violations}")

    def local(self, link: str) -> str | None:
        """The address as a path on this app, or None for another site, an anchor or the admin."""
        if not isinstance(link, str):
            return None
        # "Subscribe in your calendar" (webcal://) is the feed's own address, fetched over http.
        link = link.replace("webcal://", "http://", 1)
        if link.startswith(self.base):
            link = link[len(self.base) :]
        if not link.startswith("/") or link.startswith("//"):
            return None
        link = link.split("#")[0]
        if link.startswith("/django-admin/") and link != "/django-admin/":
            return None  # Django's admin pages are Django's; its door is still knocked on
        if link.startswith("/static/"):
            return None  # checked as the browser loads them
        return link or None

    def api_records(self, url: str, answer) -> list[str]:
        """A partner system reads a record by its id from a list of the API."""
        path = urlsplit(url).path
        records = answer.get("results", []) if isinstance(answer, dict) else []
        return [f"{path}{record['id']}/" for record in records[:PER_PATTERN] if "id" in record]

    def addresses_in(self, value) -> list[str]:
        if isinstance(value, dict):
            return [a for v in value.values() for a in self.addresses_in(v)]
        if isinstance(value, list):
            return [a for v in value for a in self.addresses_in(v)]
        local = self.local(value)
        return [local] if local else []


@pytest.fixture(scope="module")
def demo_app():
    """An app of the crawl's own, with the demo data as `make run` loads it: what the crawl reaches
    must not depend on what the other journeys changed before it."""
    with own_folder("crawl") as folder:
        running = RunningApp(folder)
        yield running
        running.stop()


def post_form(context, base_url: str, path: str, **values):
    """Sends a page's form as the browser would, through the context's own cookies. The crawl signs
    in this way, not in a tab: a tab that had just signed in and sent a form once hung Chromium's
    close for good (seen twice in CI, at the calendar feed's button), and the journeys test the pages."""
    page = context.request.get(path)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text()).group(1)
    answer = context.request.post(
        path,
        form={"csrfmiddlewaretoken": token, **values},
        headers={"Referer": base_url + path},
        max_redirects=0,
    )
    assert answer.status == 302, f"{path} answered {answer.status}"


@pytest.fixture(scope="module")
def crawls(browser, demo_app):
    app = demo_app
    results = {}
    for email in ROLES:
        # bypass_csp lets axe-core be injected; the pages themselves run under the real policy.
        context = browser.new_context(
            base_url=app.url, accept_downloads=True, viewport=NARROW, bypass_csp=True
        )
        if email:
            post_form(context, app.url, "/accounts/login/", username=email, password=DEMO_PASSWORD)
            if email == FEED_OWNER:
                post_form(context, app.url, "/meetings/calendar/", action="create")
        crawl = Crawl(context, app.url)
        crawl.run(SEEDS)
        context.close()
        results[email] = crawl
    return results


@pytest.mark.parametrize("email", ROLES)
def test_no_page_errs_and_no_asset_is_missing_for_this_role(crawls, email):
    crawl = crawls[email]
    if email:
        assert len(crawl.visited) > 60, f"the crawl reached only {sorted(crawl.visited)}"
    assert crawl.failures == []


@pytest.mark.parametrize("email", ROLES)
def test_every_page_reflows_at_320_px_for_this_role(crawls, email):
    misfits = crawls[email].misfits
    assert not misfits, "\n".join(misfits)


@pytest.mark.parametrize("email", ROLES)
def test_every_page_has_no_axe_violation_at_320_px_for_this_role(crawls, email):
    inaccessible = crawls[email].inaccessible
    assert not inaccessible, "\n".join(inaccessible)


def test_every_url_pattern_is_reached_by_some_role(crawls):
    reached = set().union(*(crawl.routes for crawl in crawls.values()))
    missing = get_patterns() - reached - set(UNREACHABLE)
    assert missing == set(), f"no link or seed reaches: {sorted(missing)}"


def test_the_app_is_served_as_in_production(demo_app, browser):
    """DEBUG is off: an unknown address gets Accord's own page, not Django's debugger."""
    context = browser.new_context(base_url=demo_app.url)
    response = context.request.get("/no-such-page/")
    body = response.text()
    context.close()
    assert response.status == 404
    assert "Page not found" in body and "If you typed the web address" in body
    assert "URLconf" not in body and "DEBUG = True" not in body
