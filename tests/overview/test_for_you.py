"""The top of the dashboard is about whoever is signed in: what their board must decide, their
actions, their next meeting with a one-click answer, what their party owes, their projects and bids
(officers), and what is blocked on whom (admins). Live, per person, in a fixed number of queries."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import Invitation
from partnership.models import ConsultationResponse, Person
from tests.factories import ConsultationFactory, OrganisationFactory, PartnershipFactory
from tests.funding.factories import BidFactory, FundingOpportunityFactory
from tests.meetings.factories import ActionFactory, MeetingFactory, ProposalFactory
from tests.projects.factories import MilestoneFactory, ProjectFactory


def band(client) -> str:
    """The "For you" band of the dashboard as plain words."""
    html = client.get("/").content.decode()
    found = re.search(r'<section [^>]*id="for-you".*?</section>', html, re.S)
    assert found, "the dashboard has no For you band"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0)))


def sign_in(client, first_name: str) -> Person:
    person = Person.objects.get(email__startswith=f"{first_name.lower()}@")
    client.force_login(person)
    return person


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def test_each_demo_role_at_each_party_sees_its_own_band(client, demo):
    bands = {}
    for name in ["Helen", "Colin", "Hugo", "Cara", "Hana", "Connor"]:
        sign_in(client, name)
        bands[name] = band(client)

    # Board members: their own board's decisions and their party's consultations.
    assert "board member at HLEP" in bands["Helen"]
    assert "Your board must decide" not in bands["Helen"]  # HLEP has decided both proposals
    assert "Your next meeting" in bands["Helen"] and "I will attend" in bands["Helen"]
    assert (
        "Your board must decide Shared housing delivery data platform Awaiting the CPCA Board"
        in (bands["Colin"])
    )
    assert (
        "Consultations your party must answer Hertfordshire Local Skills Improvement Plan" in (bands["Colin"])
    )
    assert "Record the CPCA board’s decision" not in bands["Colin"]  # only its secretary or admin

    # Officers: their overdue actions, the projects and bids their organisation leads.
    assert "Circulate the joint data pack on housing delivery" in bands["Hugo"]
    assert "Overdue" in bands["Hugo"]
    assert "Corridor life sciences incubator Rated green with a milestone late" in bands["Hugo"]
    assert "Draft terms for sharing business rates data" not in bands["Hugo"]
    assert "Draft terms for sharing business rates data" in bands["Cara"]
    assert "Agri-tech innovation network A milestone is late" in bands["Cara"]
    assert "Skills Bootcamps wave 7 closes" in bands["Cara"]
    assert "Corridor life sciences incubator" not in bands["Cara"]
    assert "Your board must decide" not in bands["Hugo"] + bands["Cara"]

    # Admins: what is blocked on whom; CPCA's admin records CPCA's decision.
    for admin in ["Hana", "Connor"]:
        assert "Blocked, and on whom" in bands[admin]
        assert "CPCA Board 1 proposal awaiting its decision" in bands[admin]
        assert "Hugo Dale (HLEP) 1 overdue action" in bands[admin]
        assert "Cara Ingram (CPCA) 1 overdue action" in bands[admin]
    assert "Record the CPCA board’s decision: Shared housing delivery data platform" in bands["Connor"]
    assert "Record the CPCA board’s decision" not in bands["Hana"]
    assert "Blocked, and on whom" not in "".join(bands[n] for n in ["Helen", "Colin", "Hugo", "Cara"])

    # Each band is its reader's own: no two alike, even with the names taken out.
    names = r"(Helen Ashby|Colin Fraser|Hugo Dale|Cara Ingram|Hana Evans|Connor Jones)"
    bodies = {re.sub(r"^ For you [^.]*\.", "", re.sub(names, "", text)) for text in bands.values()}
    assert len(bodies) == 6


def test_one_click_answers_the_next_meeting(client, demo):
    helen = sign_in(client, "Helen")
    html = client.get("/").content.decode()
    form = re.search(r'<form method="post" action="([^"]*/answer/)"[^>]*>(.*?)</form>', html, re.S)
    assert form and 'name="csrfmiddlewaretoken"' in form.group(2)
    assert 'name="response" value="attending"' in form.group(2)
    response = client.post(form.group(1), {"response": "attending"})
    assert response.status_code == 302
    assert Invitation.objects.get(person=helen, meeting__pk=form.group(1).split("/")[-3]).response == (
        Invitation.Response.ATTENDING
    )
    text = band(client)
    assert "Your answer: Attending" in text and "I will attend" not in text and "Change your answer" in text


def test_nothing_needs_a_person_with_nothing_to_do(client, partnership, hlep_officer):
    client.force_login(hlep_officer)
    assert "Nothing needs you." in band(client)


def test_an_outsider_cannot_answer_for_a_meeting_they_are_not_invited_to(client, demo, outsider):
    meeting = Invitation.objects.first().meeting
    client.force_login(outsider)
    response = client.post(f"/meetings/{meeting.pk}/answer/", {"response": "attending"})
    assert response.status_code in (403, 404)


def test_nothing_of_another_partnership_appears(client, partnership, hlep, cpca_board_member, cpca_officer):
    other = PartnershipFactory(
        name="Another partnership", parties=[hlep, OrganisationFactory(short_name="ELS")]
    )
    cpca = cpca_board_member.memberships.get().organisation
    # Another partnership (in which CPCA is no party, but HLEP is) has work of every kind.
    ProposalFactory(partnership=other, title="Elsewhere proposal")
    elsewhere_meeting = MeetingFactory(partnership=other, host=hlep, title="Elsewhere meeting")
    ActionFactory(
        meeting=elsewhere_meeting,
        owner=cpca_officer,
        description="Elsewhere action",
        due_date=date(2026, 1, 5),
    )
    ProjectFactory(partnership=other, lead_organisation=cpca, title="Elsewhere project")
    consultation = ConsultationFactory(
        partnership=other,
        consulting_organisation=hlep,
        title="Elsewhere plan",
        opens_on=date.today() - timedelta(days=1),
    )
    ConsultationResponse.objects.create(consultation=consultation, organisation=cpca)
    # And this partnership a little.
    ProposalFactory(partnership=partnership, title="Our proposal")
    for person in (cpca_board_member, cpca_officer):
        client.force_login(person)
        text = band(client)
        assert "Elsewhere" not in text
    client.force_login(cpca_board_member)
    assert "Our proposal" in band(client)


def test_the_band_runs_the_same_queries_at_any_size(
    client, partnership, hlep, cpca, cpca_officer, cpca_board_member, admin_person
):
    meeting = MeetingFactory(partnership=partnership, host=hlep)
    past = MeetingFactory(partnership=partnership, host=cpca, starts_at=timezone.now() - timedelta(days=60))
    opportunity = FundingOpportunityFactory(
        partnership=partnership, closes_on=date.today() + timedelta(days=10)
    )

    def add_rows(n: int):
        for i in range(n):
            ProposalFactory(partnership=partnership)
            ActionFactory(meeting=past, owner=cpca_officer, due_date=date.today() - timedelta(days=i + 1))
            MilestoneFactory(
                project=ProjectFactory(partnership=partnership, lead_organisation=cpca),
                due_date=date.today() - timedelta(days=3),
            )
            BidFactory(opportunity=opportunity, lead_organisation=cpca)
            consultation = ConsultationFactory(
                partnership=partnership,
                consulting_organisation=hlep,
                opens_on=date.today() - timedelta(days=1),
            )
            ConsultationResponse.objects.create(consultation=consultation, organisation=cpca)

    add_rows(1)
    assert meeting.pk
    counts = {}
    for person in (cpca_officer, cpca_board_member, admin_person):
        client.force_login(person)
        with CaptureQueriesContext(connection) as small:
            client.get("/")
        counts[person.pk] = len(small)
    add_rows(8)
    for person in (cpca_officer, cpca_board_member, admin_person):
        client.force_login(person)
        with CaptureQueriesContext(connection) as large:
            client.get("/")
        assert len(large) == counts[person.pk], person
    client.force_login(cpca_officer)
    assert band(client).count("Overdue") >= 9
