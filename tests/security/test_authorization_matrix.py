"""Every page of Accord, visited as the anonymous, a person with no role, the people of another
partnership (with records of its own), a board member and an officer: none sees or changes what they
should not.

The matrix walks the URL configuration, so a new page fails here until it is given an audience below.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
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
from reminders.models import KindSetting
from tests.factories import (
    AgreementFactory,
    ClauseFactory,
    ConsultationFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
)

PUBLIC = "public"  # anyone, signed in or not
MEMBER = "member"  # reads: anyone with a role at a party of the partnership
WRITE = "write"  # changes records: officers of the organisations involved, or admins
ADMIN = "admin"  # partnership admins only
SELF = "self"  # the signed-in person's own settings
TOKEN = "token"  # a secret in the URL is the credential
API = "api"  # the open-data API: members read, with a token or a session
INVITED = "invited"  # only the people invited to the meeting
ADMIN_ROLE = Membership.Role.PARTNERSHIP_ADMIN


@dataclass
class Page:
    audience: str
    kwargs: Callable[["World"], dict] = lambda world: {}
    # The signed-in person's own partnership's setting, named in the URL (a kind of reminder), not a
    # record of one partnership: another partnership's admin reaches their own.
    shared: bool = False


class World:
    """The demo partnership (every app's demo records) plus people who must be refused."""

    def __init__(self):
        call_command("load_demo", stdout=open("/dev/null", "w"))
        self.partnership = Partnership.objects.get(parties__short_name="HLEP")
        self.hlep = Organisation.objects.get(short_name="HLEP")
        self.board_member = self.person("HLEP", Membership.Role.BOARD_MEMBER)
        self.officer = self.person("HLEP", Membership.Role.OFFICER)
        self.admin = self.person("HLEP", Membership.Role.PARTNERSHIP_ADMIN)
        KindSetting.objects.create(partnership=self.partnership, kind="meeting_upcoming", offsets_days="21,7")
        self.elsewhere = Elsewhere()
        self.outsider = self.elsewhere.admin
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

    def agenda_item(self) -> int:
        return self.meeting().agenda_items.order_by("pk").first().pk

    def paper(self) -> int:
        from meetings.models import Paper

        return Paper.objects.filter(agenda_item__meeting__partnership=self.partnership).first().pk

    def upcoming(self):
        """The next meeting: its time, agenda and papers still change (a held one's do not)."""
        return self.partnership.meetings.upcoming().first()

    def upcoming_item(self) -> int:
        return self.upcoming().agenda_items.order_by("pk").first().pk

    def upcoming_paper(self) -> int:
        from meetings.models import Paper

        return Paper.objects.filter(agenda_item__meeting=self.upcoming()).first().pk

    def feed_token(self) -> str:
        from meetings.models import CalendarFeed

        return CalendarFeed.objects.get_or_create(person=self.board_member)[0].token

    def first(self, label: str) -> int:
        """The first record of a model that belongs to this partnership (every model here does)."""
        model = apps.get_model(label)
        scope = {
            "meetings.Action": "meeting__partnership",
            "reminders.Delivery": "reminder__partnership",
            "partnership.Clause": "agreement__partnership",
            "projects.OutcomeReport": "project__partnership",
            "funding.Bid": "opportunity__partnership",
        }.get(label, "partnership")
        return model.objects.filter(**{scope: self.partnership}).order_by("pk").first().pk

    def clause(self) -> Clause:
        return Clause.objects.get(agreement__partnership=self.partnership, number="2.3.4")


class Elsewhere(World):
    """A second partnership on the same Accord: its own parties, admin, officer and board member, and
    one of each record, so its people use every page for their own partnership."""

    def __init__(self):
        from funding.models import Bid
        from meetings.models import Paper
        from projects.seed import seed_outcome_kinds
        from reminders.services import dispatch_due
        from tests.funding.factories import BidFactory, FundingOpportunityFactory
        from tests.meetings.factories import ActionFactory, AgendaItemFactory, ProposalFactory, schedule
        from tests.projects.factories import OutcomeReportFactory, ProjectFactory

        self.hlep = OrganisationFactory(short_name="ELSE", name="Elsewhere Council")
        neighbour = OrganisationFactory(short_name="NEXT", name="Nextdoor Borough")
        self.partnership = PartnershipFactory(name="Another partnership", parties=[self.hlep, neighbour])
        # A version number of its own: the agreement's pages name the version within one's partnership.
        agreement = AgreementFactory(partnership=self.partnership, version=7)
        commitment = ClauseFactory(agreement=agreement, number="2.3.4")
        self.admin, self.officer, self.board_member = (
            PersonFactory(last_name="Quillfeather", roles=[(self.hlep, role)])
            for role in (ADMIN_ROLE, Membership.Role.OFFICER, Membership.Role.BOARD_MEMBER)
        )
        PersonFactory(last_name="Quillfeather", roles=[(neighbour, Membership.Role.BOARD_MEMBER)])
        seed_outcome_kinds(self.partnership)
        project = ProjectFactory(
            partnership=self.partnership, lead_organisation=self.hlep, commitments=[commitment]
        )
        OutcomeReportFactory(project=project)
        BidFactory(
            opportunity=FundingOpportunityFactory(partnership=self.partnership),
            lead_organisation=self.hlep,
            status=Bid.Status.IN_DEVELOPMENT,
        )
        meeting = schedule(self.partnership, self.hlep, by=self.admin)
        Paper.objects.create(
            agenda_item=AgendaItemFactory(meeting=meeting),
            title="Elsewhere report",
            file=ContentFile(b"%PDF-1.4 elsewhere", name="report.pdf"),
            original_name="report.pdf",
            content_type="application/pdf",
            size=18,
        )
        ActionFactory(meeting=meeting, owner=self.officer)
        ProposalFactory(partnership=self.partnership)
        consultation = ConsultationFactory(partnership=self.partnership, consulting_organisation=self.hlep)
        ConsultationResponse.objects.create(
            consultation=consultation, organisation=neighbour, text="Agreed.", responded_on=date.today()
        )
        Evidence.objects.create(
            partnership=self.partnership,
            owner=self.hlep,
            title="Elsewhere traffic counts",
            description="Counts.",
            link="https://example.org/counts",
            sharing_basis=Evidence.SharingBasis.OPEN_GOVERNMENT_LICENCE,
            shared_on=date.today(),
            next_review_on=date.today() + timedelta(days=365),
        )
        KindSetting.objects.create(partnership=self.partnership, kind="meeting_upcoming", offsets_days="2")
        dispatch_due()  # the meeting's invitations, so it has deliveries


PAGES = {
    "overview:dashboard": Page(MEMBER),
    "partnership:healthz": Page(PUBLIC),
    "partnership:accessibility": Page(PUBLIC),
    "partnership:overview": Page(MEMBER),
    "partnership:organisation-create": Page(ADMIN),
    "partnership:organisation-detail": Page(MEMBER, lambda w: {"pk": w.hlep.pk}),
    "partnership:organisation-update": Page(ADMIN, lambda w: {"pk": w.hlep.pk}),
    "partnership:board-update": Page(ADMIN, lambda w: {"pk": w.hlep.pk}),
    "partnership:agreement": Page(MEMBER),
    "partnership:agreement-version": Page(MEMBER, lambda w: {"version": w.clause().agreement.version}),
    "partnership:agreement-compare": Page(
        MEMBER, lambda w: {"older": w.clause().agreement.version, "newer": w.clause().agreement.version}
    ),
    # Only an admin of the party itself records its signature (another party's admin: test_agreement_life).
    "partnership:signature-update": Page(
        ADMIN, lambda w: {"version": w.clause().agreement.version, "organisation": w.hlep.pk}
    ),
    "partnership:agreement-review-date": Page(ADMIN),
    "partnership:agreement-amend": Page(ADMIN),
    "partnership:clause-detail": Page(
        MEMBER, lambda w: {"version": w.clause().agreement.version, "number": w.clause().number}
    ),
    "partnership:clause-short-title": Page(
        ADMIN, lambda w: {"version": w.clause().agreement.version, "number": w.clause().number}
    ),
    "partnership:person-list": Page(ADMIN),
    "partnership:person-create": Page(ADMIN),
    "partnership:person-detail": Page(MEMBER, lambda w: {"pk": w.board_member.pk}),
    "partnership:person-update": Page(ADMIN, lambda w: {"pk": w.board_member.pk}),
    "partnership:profile": Page(SELF),
    "partnership:email-change": Page(SELF),
    "partnership:email-change-confirm": Page(SELF, lambda w: {"token": "not-a-signed-token"}),
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
    "overview:review-pack": Page(MEMBER, lambda w: {"pk": w.meeting().pk}),
    "overview:review-pack-xlsx": Page(MEMBER, lambda w: {"pk": w.meeting().pk}),
    "overview:review-pack-pdf": Page(MEMBER, lambda w: {"pk": w.meeting().pk}),
    "projects:list": Page(MEMBER),
    "projects:export-csv": Page(MEMBER),
    "projects:export-xlsx": Page(MEMBER),
    "projects:detail": Page(MEMBER, lambda w: {"pk": w.first("projects.Project")}),
    "projects:create": Page(WRITE),
    "projects:import": Page(WRITE),
    "projects:import-confirm": Page(WRITE),
    "projects:template-csv": Page(WRITE),
    "projects:template-xlsx": Page(WRITE),
    "projects:edit": Page(WRITE, lambda w: {"pk": w.first("projects.Project")}),
    "projects:milestones": Page(WRITE, lambda w: {"pk": w.first("projects.Project")}),
    "projects:contributions": Page(WRITE, lambda w: {"pk": w.first("projects.Project")}),
    "projects:outcome-targets": Page(WRITE, lambda w: {"pk": w.first("projects.Project")}),
    "projects:outcome-report-create": Page(WRITE, lambda w: {"pk": w.first("projects.Project")}),
    "projects:progress-update-create": Page(WRITE, lambda w: {"pk": w.first("projects.Project")}),
    "projects:outcome-kinds": Page(ADMIN),
    "projects:outcome-kind-create": Page(ADMIN),
    "projects:outcome-kind-edit": Page(ADMIN, lambda w: {"pk": w.first("projects.OutcomeKind")}),
    "funding:pipeline": Page(MEMBER),
    "funding:pipeline-csv": Page(MEMBER),
    "funding:pipeline-xlsx": Page(MEMBER),
    "funding:opportunity-list": Page(MEMBER),
    "funding:opportunity-create": Page(WRITE),
    "funding:opportunity-detail": Page(MEMBER, lambda w: {"pk": w.first("funding.FundingOpportunity")}),
    "funding:opportunity-update": Page(WRITE, lambda w: {"pk": w.first("funding.FundingOpportunity")}),
    "funding:bid-create": Page(WRITE),
    "funding:bid-detail": Page(MEMBER, lambda w: {"pk": w.first("funding.Bid")}),
    "funding:bid-update": Page(WRITE, lambda w: {"pk": w.first("funding.Bid")}),
    "meetings:index": Page(MEMBER),
    "meetings:series": Page(ADMIN),
    "meetings:meeting-create": Page(ADMIN),
    "meetings:meeting-detail": Page(MEMBER, lambda w: {"pk": w.meeting().pk}),
    "meetings:meeting-update": Page(ADMIN, lambda w: {"pk": w.upcoming().pk}),
    "meetings:meeting-cancel": Page(ADMIN, lambda w: {"pk": w.upcoming().pk}),
    "meetings:meeting-ics": Page(MEMBER, lambda w: {"pk": w.meeting().pk}),
    "meetings:meeting-answer": Page(INVITED, lambda w: {"pk": w.meeting().pk}),
    "meetings:meeting-attendance": Page(ADMIN, lambda w: {"pk": w.meeting().pk}),
    "meetings:agenda-create": Page(ADMIN, lambda w: {"pk": w.upcoming().pk}),
    "meetings:minutes": Page(ADMIN, lambda w: {"pk": w.meeting().pk}),
    "meetings:minutes-approve": Page(ADMIN, lambda w: {"pk": w.meeting().pk}),
    "meetings:action-create": Page(WRITE, lambda w: {"pk": w.meeting().pk}),
    "meetings:priority-create": Page(ADMIN, lambda w: {"pk": w.meeting().pk}),
    "meetings:agenda-update": Page(ADMIN, lambda w: {"pk": w.upcoming_item()}),
    "meetings:agenda-move": Page(ADMIN, lambda w: {"pk": w.upcoming_item()}),
    "meetings:agenda-remove": Page(ADMIN, lambda w: {"pk": w.upcoming_item()}),
    "meetings:paper-upload": Page(WRITE, lambda w: {"pk": w.agenda_item()}),
    "meetings:paper-download": Page(MEMBER, lambda w: {"pk": w.paper()}),
    # Admins, officers and the item's presenter (the matrix's board member presents nothing).
    "meetings:paper-remove": Page(WRITE, lambda w: {"pk": w.upcoming_paper()}),
    "meetings:action-log": Page(MEMBER),
    "meetings:action-update": Page(WRITE, lambda w: {"pk": w.first("meetings.Action")}),
    "meetings:decisions": Page(MEMBER),
    "meetings:proposal-create": Page(WRITE),
    "meetings:proposal-detail": Page(MEMBER, lambda w: {"pk": w.first("meetings.Proposal")}),
    "meetings:decision-record": Page(WRITE, lambda w: {"pk": w.first("meetings.Proposal")}),
    "meetings:calendar-feed": Page(SELF),
    "meetings:person-feed": Page(TOKEN, lambda w: {"token": w.feed_token()}),
    "reminders:index": Page(MEMBER),
    "reminders:preferences": Page(SELF),
    "reminders:settings": Page(ADMIN),
    "reminders:setting-update": Page(ADMIN, lambda w: {"kind": "meeting_upcoming"}, shared=True),
    "reminders:record": Page(ADMIN, lambda w: {"model": "meetings.meeting", "pk": w.meeting().pk}),
    "reminders:resend": Page(ADMIN, lambda w: {"pk": w.first("reminders.Delivery")}),
    # Links in emails: the signed token is the credential, so they work without signing in.
    "reminders:unsubscribe": Page(PUBLIC, lambda w: {"token": "not-a-signed-token"}),
    "meetings:answer-by-email": Page(PUBLIC, lambda w: {"token": "not-a-signed-token"}),
    "api-schema": Page(PUBLIC),
    "api-docs": Page(PUBLIC),  # as public as the schema it shows
    "api:api-root": Page(API),
    **{
        f"api:{name}-{kind}": Page(
            API, (lambda w, model=model: {"pk": w.first(model)}) if kind == "detail" else (lambda w: {})
        )
        for name, model in [
            ("commitment", "partnership.Clause"),
            ("project", "projects.Project"),
            ("outcome", "projects.OutcomeReport"),
            ("bid", "funding.Bid"),
            ("meeting", "meetings.Meeting"),
            ("decision", "meetings.Proposal"),
            ("consultation", "partnership.Consultation"),
            ("action", "meetings.Action"),
        ]
        for kind in ["list", "detail"]
    },
    # The API serves commitments and practices, not the agreement's general clauses.
    "api:commitment-detail": Page(API, lambda w: {"pk": w.clause().pk}),
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
    for name, url in urls(world, {MEMBER, WRITE, ADMIN, SELF, INVITED}):
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
        for name, url in urls(world, {MEMBER, WRITE, ADMIN, API, INVITED})
        if not refused(client.get(url)) or not refused(client.post(url, {}))
    ]
    assert wrong == []


# Names only this partnership's pages show: its parties and its people (county and district names
# are shared reference data, so they do not count).
MARKERS = [b"Enterprise Partnership", b"Combined Authority", b"Ashby", b"Ingram"]


# Names only the other partnership's pages show.
ELSEWHERE = [b"Elsewhere", b"Nextdoor", b"Quillfeather"]
APPS = {"partnership", "meetings", "projects", "funding", "reminders"}


def row_counts() -> dict[str, int]:
    """The rows of every model, history included: any write, even a change, adds one somewhere."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in APPS and model._meta.label not in SETTINGS
    }


# A partnership admin's own reminder settings: another partnership's admin saves theirs (shared page).
SETTINGS = {"reminders.KindSetting", "reminders.HistoricalKindSetting"}


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def not_reached(client, name: str, url: str) -> list:
    """A record of another partnership is not found when read, and refused when written."""
    wrong = []
    response = client.get(url)
    if PAGES[name].audience in (MEMBER, API) and response.status_code != 404:
        wrong.append((name, "GET", response.status_code))
    elif not refused(response):
        wrong.append((name, "GET", response.status_code))
    if not refused(post := client.post(url, {})):
        wrong.append((name, "POST", post.status_code))
    return wrong


def record_urls(side):
    """Every page about one record, naming `side`'s records."""
    for name, page in PAGES.items():
        if page.audience in {MEMBER, WRITE, ADMIN, API, INVITED} and page.kwargs(side) and not page.shared:
            yield name, reverse(name, kwargs=page.kwargs(side))


@pytest.mark.parametrize("role", ["admin", "officer", "board_member"])
def test_people_of_another_partnership_see_and_change_nothing_of_this_one(client, world, role):
    """They use the same pages for their own partnership, so lists answer; this one's records do not."""
    client.force_login(getattr(world.elsewhere, role))
    ours = list(KindSetting.objects.filter(partnership=world.partnership).values())
    before = row_counts()
    wrong, their_own = [], []
    for name, url in urls(world, {MEMBER, WRITE, ADMIN, API, INVITED}):
        content = body(client.get(url))
        if any(marker in content for marker in MARKERS):
            wrong.append((name, "shows this partnership"))
        if any(marker in content for marker in ELSEWHERE):
            their_own.append(name)
    for name, url in record_urls(world):
        wrong += not_reached(client, name, url)
    assert wrong == []
    assert their_own  # the same pages answer them with their own partnership's records
    assert row_counts() == before
    assert list(KindSetting.objects.filter(partnership=world.partnership).values()) == ours


@pytest.mark.parametrize("role", ["admin", "officer", "board_member"])
def test_this_partnerships_people_see_and_change_nothing_of_another(client, world, role):
    """The other way round: even this partnership's admin reaches none of the other one's records."""
    client.force_login(getattr(world, role))
    before = row_counts()
    wrong = []
    for name, url in urls(world, {MEMBER, WRITE, ADMIN, API, INVITED}):
        if any(marker in body(client.get(url)) for marker in ELSEWHERE):
            wrong.append((name, "shows the other partnership"))
    for name, url in record_urls(world.elsewhere):
        wrong += not_reached(client, name, url)
    assert wrong == []
    assert row_counts() == before


def test_a_record_cpca_does_alone_is_not_editable_by_hleps_officer(client, world):
    """Officers change what their organisation leads or partners; CPCA's own records are CPCA's."""
    from funding.models import Bid
    from tests.funding.factories import BidFactory, FundingOpportunityFactory
    from tests.meetings.factories import ActionFactory
    from tests.projects.factories import ProjectFactory

    cpca = Organisation.objects.get(short_name="CPCA")
    project = ProjectFactory(partnership=world.partnership, lead_organisation=cpca)
    bid = BidFactory(
        opportunity=FundingOpportunityFactory(partnership=world.partnership),
        lead_organisation=cpca,
        status=Bid.Status.IN_DEVELOPMENT,
    )
    consultation = ConsultationFactory(partnership=world.partnership, consulting_organisation=cpca)
    evidence = Evidence.objects.create(
        partnership=world.partnership,
        owner=cpca,
        title="Fenland housing survey",
        description="Survey.",
        link="https://example.org/survey",
        sharing_basis=Evidence.SharingBasis.OPEN_GOVERNMENT_LICENCE,
        shared_on=date.today(),
        next_review_on=date.today() + timedelta(days=365),
    )
    action = ActionFactory(meeting=world.meeting(), owner=world.person("CPCA", Membership.Role.OFFICER))
    pages = {
        **{
            name: project.pk
            for name in [
                "projects:edit",
                "projects:milestones",
                "projects:contributions",
                "projects:outcome-targets",
                "projects:outcome-report-create",
                "projects:progress-update-create",
            ]
        },
        "funding:bid-update": bid.pk,
        "partnership:consultation-update": consultation.pk,
        "partnership:evidence-update": evidence.pk,
        "meetings:action-update": action.pk,
    }
    client.force_login(world.officer)
    before = row_counts()
    wrong = []
    for name, pk in pages.items():
        url = reverse(name, kwargs={"pk": pk})
        for response in (client.get(url), client.post(url, {})):
            if not refused(response):
                wrong.append((name, response.request["REQUEST_METHOD"], response.status_code))
    assert wrong == []
    assert row_counts() == before


def test_board_members_read_every_page_but_change_nothing(client, world):
    client.force_login(world.board_member)
    wrong = []
    for name, url in urls(world, {MEMBER, API, INVITED}):
        if client.get(url).status_code != 200:
            wrong.append((name, "GET"))
    for name, url in urls(world, {WRITE, ADMIN}):
        if not refused(client.get(url)) or not refused(client.post(url, {})):
            wrong.append((name, "write"))
    assert wrong == []


def test_a_token_feed_answers_only_its_secret(client, world):
    assert (
        client.get(reverse("meetings:person-feed", kwargs={"token": world.feed_token()})).status_code == 200
    )
    assert client.get(reverse("meetings:person-feed", kwargs={"token": "guessed"})).status_code == 404


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
