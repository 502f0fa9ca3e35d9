"""Five minutes of 32 people using Accord at once, with no pause between clicks: the app, served as
docker-compose serves it (gunicorn, 3 workers, production settings, PostgreSQL), answers every
request, with no server error, no refused connection and no time-out; and every progress update
the officers post under that load is saved."""

import io
import re
import subprocess
from urllib.parse import urlencode

import pytest
import yaml
from django.urls import reverse
from django.utils import timezone

from bench.generate import generate
from bench.web import check_page, session_cookie
from meetings.models import Meeting
from partnership.models import Membership, Person
from projects.models import Project, ProjectUpdate

from .processes import ROOT, Web

pytestmark = pytest.mark.django_db(transaction=True)

SECONDS = 300
USERS = 32
CSRF_SECRET = "loadtestloadtestloadtestloadtest"  # any 32 letters: Django checks cookie against form

# Each wrk thread is one person on USERS / threads connections; the first also posts an update on
# every tenth request. Responses are counted by class in each thread and summed at the end.
SCRIPT = """
local paths = {%(paths)s}
local cookies = {%(cookies)s}
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
  thread:set("cookie", cookies[#threads])
  thread:set("writer", #threads == 1 and 1 or 0)
end

init = function(args)
  n, ok, redirected, refused, failed = 0, 0, 0, 0, 0
end

request = function()
  n = n + 1
  if writer == 1 and n %% 10 == 0 then
    return wrk.format("POST", "%(post_path)s", {["Cookie"] = cookie,
      ["Content-Type"] = "application/x-www-form-urlencoded"}, "%(post_body)s")
  end
  return wrk.format("GET", paths[n %% #paths + 1], {["Cookie"] = cookie})
end

response = function(status, headers, body)
  if status < 300 then ok = ok + 1
  elseif status < 400 then redirected = redirected + 1
  elseif status < 500 then refused = refused + 1
  else failed = failed + 1 end
end

done = function(summary, latency, requests)
  local totals = {ok = 0, redirected = 0, refused = 0, failed = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do totals[name] = totals[name] + thread:get(name) end
  end
  local e = summary.errors
  io.write(string.format("ACCORD requests=%%d ok=%%d redirected=%%d refused=%%d failed=%%d socket_errors=%%d " ..
    "p50_ms=%%d p95_ms=%%d p99_ms=%%d\\n", summary.requests, totals.ok, totals.redirected, totals.refused,
    totals.failed, e.connect + e.read + e.write + e.timeout, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def lua_list(items) -> str:
    return ", ".join(f'"{item}"' for item in items)


def compose_web_workers() -> int:
    command = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["web"]["command"]
    return int(re.search(r"--workers (\d+)", command).group(1))


@pytest.fixture
def partnership_in_use():
    """A partnership of 1,000 joint projects with their meetings, actions and bids."""
    return generate(projects=1000, people=60, stdout=io.StringIO())


def person(partnership, role, *, latest=False) -> Person:
    people = Person.objects.filter(
        memberships__organisation__partnerships=partnership, memberships__role=role
    )
    return people.order_by("-pk" if latest else "pk").first()


def test_the_app_holds_five_minutes_of_32_people_at_once_with_no_server_error(
    tmp_path, partnership_in_use, redis_server
):
    partnership = partnership_in_use
    officer = person(partnership, Membership.Role.OFFICER)
    people = [
        officer,
        person(partnership, Membership.Role.BOARD_MEMBER),
        person(partnership, Membership.Role.PARTNERSHIP_ADMIN),
        person(partnership, Membership.Role.OFFICER, latest=True),
    ]
    cookies = [f"{session_cookie(someone)}; csrftoken={CSRF_SECRET}" for someone in people]
    projects = Project.objects.for_partnership(partnership).order_by("pk")
    own_project = projects.filter(lead_organisation__memberships__person=officer).first()
    meeting = Meeting.objects.filter(partnership=partnership).order_by("-starts_at").first()
    paths = [
        reverse("overview:dashboard"),
        reverse("projects:list"),
        *(project.get_absolute_url() for project in projects[:5]),
        reverse("projects:list") + "?rag=red",
        reverse("meetings:index"),
        reverse("meetings:meeting-detail", args=[meeting.pk]),
        reverse("meetings:action-log"),
        reverse("meetings:decisions"),
        reverse("overview:review-pack", args=[meeting.pk]),
        reverse("funding:pipeline"),
        reverse("partnership:agreement"),
        reverse("partnership:consultation-list"),
        reverse("partnership:evidence-list"),
        "/api/v1/projects/",
    ]
    today = timezone.localdate()
    post_path = reverse("projects:progress-update-create", args=[own_project.pk])
    post_body = urlencode(
        {
            "csrfmiddlewaretoken": CSRF_SECRET,
            "written_on_0": today.day,
            "written_on_1": today.month,
            "written_on_2": today.year,
            "text": "Site works on schedule; the contractor is on site.",
        }
    )

    web = Web(tmp_path, redis_server.url, workers=compose_web_workers())
    try:
        for path in paths:  # each page is itself for each person, not a redirect to sign in
            for cookie in cookies:
                check_page(web.url + path, cookie)
        script = tmp_path / "load.lua"
        script.write_text(
            SCRIPT
            % {
                "paths": lua_list(paths),
                "cookies": lua_list(cookies),
                "post_path": post_path,
                "post_body": post_body,
            }
        )
        output = subprocess.run(
            [
                "wrk",
                f"-t{len(people)}",
                f"-c{USERS}",
                f"-d{SECONDS}s",
                "--timeout",
                "30s",
                "-s",
                script,
                web.url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        web.stop()

    figures = dict(
        field.split("=")
        for field in next(line for line in output.splitlines() if line.startswith("ACCORD ")).split()[1:]
    )
    figures = {name: int(value) for name, value in figures.items()}
    print(f"\n{USERS} people for {SECONDS} s: {figures}")
    assert figures["failed"] == 0, output
    assert figures["refused"] == 0, output
    assert figures["socket_errors"] == 0, output
    assert figures["requests"] > USERS * 10, "the load really ran"
    # Every update answered with the redirect to the project page was saved. When wrk stops, the
    # writer's connections may each have one update in flight: saved, but its answer not counted.
    saved = ProjectUpdate.objects.filter(project=own_project, author=officer).count()
    assert 0 < figures["redirected"] <= saved <= figures["redirected"] + USERS // len(people)
