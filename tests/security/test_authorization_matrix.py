"""Every page of Accord, visited as the anonymous, a person with no role, a person of another
partnership, a board member and an officer: none sees or changes what they should not.

The matrix walks the URL configuration, so a new page fails here until it is given an audience below.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from partnership.models import (
    Clause,
    Consultation,
    ConsultationResponse,
    Evidence,
    Membership,
    Organisation,
    Partnership,
    Person,
)
from tests.factories import OrganisationFactory, PartnershipFactory, PersonFactory

PUBLIC = "public"  # anyone, signed in or not
MEMBER = "member"  # reads: anyone with a role at a party of the partnership
WRITE = "write"  # changes records: officers of the organisations involved, or admins
ADMIN = "admin"  # partnership admins only
SELF = "self"  # the signed-in person's own settings
TOKEN = "token"  # a secret in the URL is the credential
API = "api"  # the open-data API: members read, with a token or a session


@dataclass
class Page:
    audience: str
    kwargs: Callable[["World"], dict] = lambda world: {}


class World:
    """The demo partnership (every app's demo records) plus people who must be refused."""

    def __init__(self):
        call_command("load_demo", stdout=open("/dev/null", "w"))
        self.partnership = Partnership.objects.get(parties__short_name="HLEP")
        self.hlep = Organisation.objects.get(short_name="HLEP")
        self.board_member = self.person("HLEP", Membership.Role.BOARD_MEMBER)
        self.officer = self.person("HLEP", Membership.Role.OFFICER)
        elsewhere = OrganisationFactory(short_name="ELSE", name="Elsewhere Council")
        PartnershipFactory(name="Another partnership", parties=[elsewhere])
        self.outsider = PersonFactory(roles=[(elsewhere, Membership.Role.PARTNERSHIP_ADMIN)])
        self.nobody = PersonFactory()

    def person(self, party: str, role: str) -> Person:
        return Person.objects.filter(
            memberships__organisation__short_name=party, memberships__role=role
        ).first()

    def consultation(self) -> Consultation:
        return Consultation.objects.filter(partnership=self.partnership).first()

    def answered(self) -> dict:
        response = ConsultationResponse.objects.filter(
            consultation__partnership=self.partnership, responded_on__isnull=False
        ).first()
        return {"pk": response.consultation_id, "response_pk": response.pk}

    def evidence(self) -> Evidence:
        return Evidence.objects.filter(partnership=self.partnership).first()

    def meeting(self):
        return self.partnership.meetings.order_by("starts_at").first()

    def first(self, label: str) -> int:
        """The first record of a model that belongs to this partnership (every model here does)."""
        model = apps.get_model(label)
        scope = {
            "partnership.Clause": "agreement__partnership",
            "projects.OutcomeReport": "project__partnership",
            "funding.Bid": "opportunity__partnership",
        }.get(label, "partnership")
        return model.objects.filter(**{scope: self.partnership}).order_by("pk").first().pk

    def clause(self) -> Clause:
        return Clause.objects.get(agreement__partnership=self.partnership, number="2.3.4")


PAGES = {
    "partnership:dashboard": Page(MEMBER),
    "partnership:healthz": Page(PUBLIC),
    "partnership:accessibility": Page(PUBLIC),
    "partnership:overview": Page(MEMBER),
    "partnership:organisation-create": Page(ADMIN),
    "partnership:organisation-detail": Page(MEMBER, lambda w: {"pk": w.hlep.pk}),
    "partnership:organisation-update": Page(ADMIN, lambda w: {"pk": w.hlep.pk}),
    "partnership:board-update": Page(ADMIN, lambda w: {"pk": w.hlep.pk}),
    "partnership:agreement": Page(MEMBER),
    "partnership:agreement-version": Page(MEMBER, lambda w: {"version": w.clause().agreement.version}),
    "partnership:clause-detail": Page(
        MEMBER, lambda w: {"version": w.clause().agreement.version, "number": w.clause().number}
    ),
    "partnership:person-list": Page(ADMIN),
    "partnership:person-create": Page(ADMIN),
    "partnership:person-detail": Page(MEMBER, lambda w: {"pk": w.board_member.pk}),
    "partnership:person-update": Page(ADMIN, lambda w: {"pk": w.board_member.pk}),
    "partnership:profile": Page(SELF),
    "partnership:consultation-list": Page(MEMBER),
    "partnership:consultation-create": Page(WRITE),
    "partnership:consultation-detail": Page(MEMBER, lambda w: {"pk": w.consultation().pk}),
    "partnership:consultation-update": Page(WRITE, lambda w: {"pk": w.consultation().pk}),
    "partnership:consultation-document": Page(MEMBER, lambda w: {"pk": w.consultation().pk}),
    "partnership:consultation-respond": Page(WRITE, lambda w: w.answered()),
    "partnership:consultation-response-attachment": Page(MEMBER, lambda w: w.answered()),
    "partnership:evidence-list": Page(MEMBER),
    "partnership:evidence-create": Page(WRITE),
    "partnership:evidence-detail": Page(MEMBER, lambda w: {"pk": w.evidence().pk}),
    "partnership:evidence-update": Page(WRITE, lambda w: {"pk": w.evidence().pk}),
    "partnership:evidence-file": Page(MEMBER, lambda w: {"pk": w.evidence().pk}),
    "partnership:api-token": Page(MEMBER),
    "partnership:review-pack": Page(MEMBER, lambda w: {"pk": w.meeting().pk}),
    "partnership:review-pack-xlsx": Page(MEMBER, lambda w: {"pk": w.meeting().pk}),
    "api-schema": Page(PUBLIC),
    "api:api-root": Page(API),
    **{
        f"api:{name}-{kind}": Page(
            API, (lambda w, model=model: {"pk": w.first(model)}) if kind == "detail" else dict
        )
        for name, model in [
            ("commitment", "partnership.Clause"),
            ("project", "projects.Project"),
            ("outcome", "projects.OutcomeReport"),
            ("bid", "funding.Bid"),
            ("meeting", "meetings.Meeting"),
            ("decision", "meetings.Proposal"),
            ("consultation", "partnership.Consultation"),
        ]
        for kind in ["list", "detail"]
    },
    "login": Page(PUBLIC),
    "logout": Page(PUBLIC),
    "password_reset": Page(PUBLIC),
    "password_reset_done": Page(PUBLIC),
    "password_reset_confirm": Page(PUBLIC, lambda w: {"uidb64": "MQ", "token": "set-password"}),
    "password_reset_complete": Page(PUBLIC),
}


def url_names(resolvers=None, namespace=None):
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # Django's admin has its own staff check, proven below
            inner = entry.namespace if namespace is None else f"{namespace}:{entry.namespace}"
            yield from url_names(entry.url_patterns, inner if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def test_every_page_has_an_audience():
    assert sorted(set(url_names()) - set(PAGES)) == []


@pytest.fixture
def world(db):
    return World()


def urls(world, audiences):
    for name, page in PAGES.items():
        if page.audience in audiences:
            yield name, reverse(name, kwargs=page.kwargs(world))


def refused(response) -> bool:
    return response.status_code in (403, 404, 405)


def test_the_anonymous_are_sent_to_sign_in_from_every_private_page(client, world):
    wrong = []
    for name, url in urls(world, {MEMBER, WRITE, ADMIN, SELF}):
        for response in (client.get(url), client.post(url, {})):
            if not (response.status_code == 302 and response["Location"].startswith(reverse("login"))):
                wrong.append((name, response.request["REQUEST_METHOD"], response.status_code))
    assert wrong == []


def test_the_anonymous_read_nothing_from_the_api(client, world):
    wrong = [name for name, url in urls(world, {API}) if client.get(url).status_code not in (401, 403)]
    assert wrong == []


def test_someone_with_no_role_is_refused_every_page(client, world):
    client.force_login(world.nobody)
    wrong = [
        name
        for name, url in urls(world, {MEMBER, WRITE, ADMIN, API})
        if not refused(client.get(url)) or not refused(client.post(url, {}))
    ]
    assert wrong == []


# Names only this partnership's pages show: its parties and its people.
MARKERS = [b"Hertfordshire", b"Peterborough", b"Ashby", b"Ingram"]


def test_people_of_another_partnership_see_and_change_nothing_of_this_one(client, world):
    """They use the same pages for their own partnership, so lists answer; this one's records do not."""
    client.force_login(world.outsider)
    wrong = []
    for name, url in urls(world, {MEMBER, WRITE, ADMIN, API}):
        response = client.get(url)
        if any(marker in response.content for marker in MARKERS):
            wrong.append((name, "shows this partnership"))
        if PAGES[name].kwargs(world) and not (refused(response) and refused(client.post(url, {}))):
            wrong.append((name, "record not refused"))
    assert wrong == []


def test_board_members_read_every_page_but_change_nothing(client, world):
    client.force_login(world.board_member)
    wrong = []
    for name, url in urls(world, {MEMBER, API}):
        if client.get(url).status_code != 200:
            wrong.append((name, "GET"))
    for name, url in urls(world, {WRITE, ADMIN}):
        if not refused(client.get(url)) or not refused(client.post(url, {})):
            wrong.append((name, "write"))
    assert wrong == []


def test_officers_are_refused_every_admin_page(client, world):
    client.force_login(world.officer)
    wrong = [
        name
        for name, url in urls(world, {ADMIN})
        if not refused(client.get(url)) or not refused(client.post(url, {}))
    ]
    assert wrong == []


def test_djangos_admin_is_for_staff_only(client, world):
    client.force_login(world.board_member)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "login" in response["Location"]
