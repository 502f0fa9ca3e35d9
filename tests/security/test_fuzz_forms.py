"""Hypothesis fills every form Accord has with whatever a person might type or send: no page
answers 500, whatever comes in."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.test_authorization_matrix import ADMIN, PAGES, WRITE, World

FIELD = re.compile(r'<(input|select|textarea)\b[^>]*\bname="([^"]+)"[^>]*>', re.I)
TYPE = re.compile(r'\btype="([^"]+)"', re.I)
SKIP = {"csrfmiddlewaretoken"}

typed = st.one_of(
    st.just(""),
    st.text(max_size=60),
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.decimals(allow_nan=True, allow_infinity=True, places=3).map(str),
    st.sampled_from(["0", "1", "31", "13", "2027", "29", "02", "9999", "-1", "on", "true", "x" * 400]),
)
# Dates and sums at and past their edges: the first and last days Python knows, numbers no column
# holds, and the values a decimal parser accepts but arithmetic refuses.
extremes = st.sampled_from(
    ["0001-01-01", "9999-12-31", "31/12/9999", "0", "0001", "1899", "2101", "99999", "NaN", "-NaN", "sNaN"]
    + ["inf", "Infinity", "-Infinity", "1e999999", "-1e999999", "1e-999999", "100000000000.01", "0.001"]
)
# The day, month and year boxes of a GOV.UK date input: a real day, at an extreme year.
date_parts = {"0": st.sampled_from(["1", "31", "29"]), "1": st.sampled_from(["1", "2", "12"])}
years = st.one_of(extremes, st.sampled_from(["1", "1900", "2100", "9999", "10000"]))
DATE_PART = re.compile(r"_([012])$")

uploads = st.tuples(
    st.sampled_from(["paper.pdf", "plan.docx", "data.xlsx", "doc.odt", "rows.csv", "evil.exe", "noext"]),
    st.binary(max_size=300),
)


@pytest.fixture
def world(db):
    return World()


def form_fields(html: str) -> dict[str, str]:
    """The names of the fields a page's forms post, and their input type."""
    fields = {}
    for match in FIELD.finditer(html):
        tag, name = match.group(1).lower(), match.group(2)
        kind = TYPE.search(match.group(0))
        fields[name] = kind.group(1).lower() if kind and tag == "input" else tag
    return {name: kind for name, kind in fields.items() if name not in SKIP}


def writable_pages(world) -> list[tuple[str, str]]:
    return [
        (name, reverse(name, kwargs=page.kwargs(world)))
        for name, page in PAGES.items()
        if page.audience in (WRITE, ADMIN)
    ]


def test_no_form_answers_500_whatever_is_posted(client, world):
    admin = world.person("HLEP", "partnership_admin")
    client.force_login(admin)
    targets = []
    for name, url in writable_pages(world):
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            targets.append((name, url, form_fields(response.content.decode())))
    assert targets, "no form was found to fuzz"

    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(data=st.data())
    def post_anything(data):
        for name, url, fields in targets:
            payload = {}
            for field, kind in fields.items():
                if kind == "file":
                    filename, content = data.draw(uploads)
                    payload[field] = SimpleUploadedFile(filename, content)
                elif data.draw(st.booleans()):
                    part = DATE_PART.search(field)
                    if part and data.draw(st.booleans()):
                        payload[field] = data.draw(date_parts.get(part.group(1), years))
                    else:
                        payload[field] = data.draw(st.one_of(typed, extremes))
            response = client.post(url, payload)
            assert response.status_code < 500, f"{name} answered {response.status_code} to {payload}"

    post_anything()
