"""A form sent twice, or by two people at the same instant, saves once: the same one-time token
finds the first record; a unique name taken a moment earlier is the form's error, never a 500. Each
test really posts at once, from threads with their own database connections."""

import re
import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.db.models import Model
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from rest_framework.authtoken.models import Token

from funding.models import Bid
from funding.services import ROWS_CHANGED
from meetings.models import AgendaItem, MeetingSeries
from partnership.models import Consultation, Organisation, Person
from partnership.once import FIELD, SENT_TWICE, new_token
from projects.models import Project
from projects.seed import ensure_reference_data
from reminders.models import Reminder
from tests.conftest import ADMIN, OFFICER
from tests.factories import OrganisationFactory, PersonFactory
from tests.funding.factories import (
    BidFactory,
    BusinessCaseStageFactory,
    FundingOpportunityFactory,
    MatchFundingFactory,
)
from tests.funding.test_bids import bid_data, rows
from tests.meetings.factories import schedule
from tests.projects.factories import dated
from tests.projects.test_import import GOOD, csv_file
from tests.projects.test_pages import project_form
from tests.waiting import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def waiting_on_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else the transaction sees one snapshot
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def at_once(*posts, held_back: type[Model]):
    """Sends each (client, path, data) at once, each on its own connection, and makes them meet:
    writes to `held_back`'s table wait until every post is waiting on a lock (there, or behind
    another post), so each has read what it reads before any of them writes. Each starts once the
    ones before it wait, so they take their locks in the order given. Their responses, in order; a
    view's exception fails the test."""
    responses = [None] * len(posts)
    failures = []

    def send(index, client, path, data):
        try:
            responses[index] = client.post(path, data)
        except Exception as failure:  # noqa: BLE001 — reported below, with the others
            failures.append(failure)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i, *post)) for i, post in enumerate(posts)]
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {held_back._meta.db_table} IN SHARE MODE")  # reads pass, writes wait
            for started, thread in enumerate(threads, start=1):
                thread.start()
                wait_until(
                    lambda started=started: waiting_on_locks() == started,
                    message="each post to wait on a lock",
                )
    finally:
        for thread in threads:
            thread.join()
    assert not failures, failures
    return responses


def twice(client, path, data, *, held_back: type[Model]):
    """The same form, with the same one-time token, sent twice at once (a double click)."""
    data = {**data, FIELD: new_token()}
    return at_once((client, path, data), (client, path, data), held_back=held_back)


def test_a_project_sent_twice_at_once_is_added_once(hlep_officer, hlep, commitment):
    client = signed_in(hlep_officer)
    responses = twice(client, "/projects/new/", project_form(commitment, hlep), held_back=Project)
    project = Project.objects.get()
    assert [r.status_code for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} == {project.get_absolute_url()}


def test_the_same_project_form_sent_again_later_goes_to_the_first(hlep_officer, hlep, commitment):
    client = signed_in(hlep_officer)
    data = {**project_form(commitment, hlep), FIELD: new_token()}
    first = client.post("/projects/new/", data)
    again = client.post("/projects/new/", data)
    assert Project.objects.count() == 1
    assert again["Location"] == first["Location"] == Project.objects.get().get_absolute_url()
    assert SENT_TWICE in client.get(again["Location"]).content.decode()


def test_a_form_sent_without_a_token_still_saves_once_per_post(hlep_officer, hlep, commitment):
    client = signed_in(hlep_officer)
    assert client.post("/projects/new/", project_form(commitment, hlep)).status_code == 302
    assert Project.objects.count() == 1


def test_a_form_with_errors_keeps_its_token_and_saves_once_corrected(hlep_officer, hlep, commitment):
    client = signed_in(hlep_officer)
    token = new_token()
    refused = client.post("/projects/new/", {**project_form(commitment, hlep, rag="red"), FIELD: token})
    assert refused.status_code == 200 and token in refused.content.decode()
    corrected = {**project_form(commitment, hlep, rag="red", rag_reason="Funding gap"), FIELD: token}
    assert client.post("/projects/new/", corrected).status_code == 302
    assert Project.objects.get().rag_reason == "Funding gap"


def test_the_add_form_carries_a_fresh_token(hlep_officer):
    client = signed_in(hlep_officer)
    pages = [client.get("/projects/new/").content.decode() for _ in range(2)]
    tokens = [re.search(rf'name="{FIELD}"\s+value="([^"]+)"', page)[1] for page in pages]
    assert len(set(tokens)) == 2 and all(len(token) >= 32 for token in tokens)


def test_a_bid_sent_twice_at_once_is_started_once(hlep_officer, partnership, hlep):
    opportunity = FundingOpportunityFactory(
        partnership=partnership, closes_on=timezone.localdate() + timedelta(days=60)
    )
    client = signed_in(hlep_officer)
    assert re.search(rf'name="{FIELD}"\s+value="', client.get("/funding/bids/new/").content.decode())
    responses = twice(client, "/funding/bids/new/", bid_data(opportunity, hlep), held_back=Bid)
    bid = Bid.objects.get()
    assert {r["Location"] for r in responses} == {bid.get_absolute_url()}


def test_a_consultation_sent_twice_at_once_is_opened_once_and_told_once(hlep_officer, hlep, cpca):
    today = timezone.localdate()
    form = dated(
        {
            "consulting_organisation": hlep.pk,
            "consulted": [cpca.pk],
            "kind": Consultation.Document.LOCAL_INDUSTRIAL_STRATEGY,
            "title": "Local Industrial Strategy refresh",
            "summary": "Our draft priorities for 2027 to 2030.",
            "link": "https://example.org/lis",
            "opens_on": today.isoformat(),
            "respond_by": (today + timedelta(days=42)).isoformat(),
        }
    )
    responses = twice(signed_in(hlep_officer), "/consultations/new/", form, held_back=Consultation)
    consultation = Consultation.objects.get()
    assert {r["Location"] for r in responses} == {consultation.get_absolute_url()}
    assert consultation.responses.count() == 1
    assert Reminder.objects.filter(kind="consultation_opened").count() == 1


def test_an_import_confirmed_twice_at_once_imports_each_project_once(hlep_officer, agreement, hlep, cpca):
    ensure_reference_data()  # the districts the rows name; a transactional test starts without them
    client = signed_in(hlep_officer)
    second = {**GOOD, "Title": "Hertfordshire digital skills"}
    assert client.post("/projects/import/", {"file": csv_file(GOOD, second)}).status_code == 200
    responses = at_once(*[(client, "/projects/import/confirm/", {})] * 2, held_back=Project)
    assert [r.status_code for r in responses] == [302, 302]
    assert sorted(Project.objects.values_list("title", flat=True)) == sorted(
        [GOOD["Title"], "Hertfordshire digital skills"]
    )


def test_agenda_items_added_at_once_each_get_their_own_place(
    admin_person, partnership, hlep, hlep_board_member
):
    meeting = schedule(partnership, hlep, starts_at=timezone.now() + timedelta(days=30), by=admin_person)
    path = f"/meetings/{meeting.pk}/agenda/new/"
    titles = ["Housing", "Transport", "Skills"]
    posts = [(signed_in(admin_person), path, {"title": title}) for title in titles]
    responses = at_once(*posts, held_back=AgendaItem)
    assert [r.status_code for r in responses] == [302] * 3
    positions = list(meeting.agenda_items.values_list("position", flat=True))
    assert sorted(positions) == list(range(1, len(positions) + 1))
    assert set(titles) <= set(meeting.agenda_items.values_list("title", flat=True))


def series_form(cpca) -> dict:
    first = timezone.localdate() + timedelta(days=20)
    return {
        "title": "Six-monthly review",
        "first_on_0": first.day,
        "first_on_1": first.month,
        "first_on_2": first.year,
        "first_at": "10:00",
        "interval_months": 6,
        "duration_minutes": 120,
        "first_host": cpca.pk,
        "location": "Alconbury Weald",
        "papers_due_days": 7,
    }


def test_a_meeting_series_set_up_three_times_at_once_is_set_up_once(admin_person, cpca):
    posts = [(signed_in(admin_person), "/meetings/series/", series_form(cpca))] * 3
    responses = at_once(*posts, held_back=MeetingSeries)
    assert [r.status_code for r in responses] == [302] * 3
    series = MeetingSeries.objects.get()
    assert sorted(series.meetings.values_list("series_number", flat=True)) == [0, 1]


def test_a_meeting_series_changed_three_times_at_once_schedules_its_meetings_once(admin_person, cpca):
    assert signed_in(admin_person).post("/meetings/series/", series_form(cpca)).status_code == 302
    changed = {**series_form(cpca), "location": "Ely"}
    responses = at_once(
        *[(signed_in(admin_person), "/meetings/series/", changed)] * 3, held_back=MeetingSeries
    )
    assert [r.status_code for r in responses] == [302] * 3
    series = MeetingSeries.objects.get()
    assert series.location == "Ely"
    assert sorted(series.meetings.values_list("series_number", flat=True)) == [0, 1]


def test_two_admins_adding_the_same_organisation_at_once_get_one_and_an_error(admin_person, hlep):
    other_admin = PersonFactory(first_name="Ada", last_name="Lane", roles=[(hlep, ADMIN)])
    form = {"name": "Essex County Council", "short_name": "ECC", "kind": Organisation.BodyType.COUNCIL}
    path = "/partnership/organisations/new/"
    responses = at_once(
        (signed_in(admin_person), path, form), (signed_in(other_admin), path, form), held_back=Organisation
    )
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200).content.decode()
    assert "There is a problem" in refused and "already exists" in refused
    assert Organisation.objects.filter(short_name="ECC").count() == 1


def test_two_admins_adding_the_same_person_at_once_get_one_and_an_error(admin_person, hlep):
    other_admin = PersonFactory(first_name="Ada", last_name="Lane", roles=[(hlep, ADMIN)])
    form = {
        "first_name": "Priya",
        "last_name": "Shah",
        "email": "priya.shah@example.org",
        "is_active": "on",
        f"roles_{hlep.pk}": ["officer"],
    }
    responses = at_once(
        (signed_in(admin_person), "/people/new/", form),
        (signed_in(other_admin), "/people/new/", form),
        held_back=Person,
    )
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200).content.decode()
    # The form's own words, as when the address was taken before the form was sent.
    assert "There is a problem" in refused
    assert "Another person already signs in with this email address." in refused
    assert Person.objects.filter(email="priya.shah@example.org").count() == 1


def test_two_organisations_renamed_to_the_same_name_at_once_get_one_and_an_error(admin_person, partnership):
    essex = OrganisationFactory(name="Essex County Council", short_name="ECC")
    kent = OrganisationFactory(name="Kent County Council", short_name="KCC")
    partnership.parties.add(essex, kent)
    form = {"name": "South East Councils", "short_name": "SEC", "kind": Organisation.BodyType.COUNCIL}
    posts = [
        (signed_in(admin_person), f"/partnership/organisations/{o.pk}/edit/", form) for o in (essex, kent)
    ]
    responses = at_once(*posts, held_back=Organisation)
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200).content.decode()
    assert "There is a problem" in refused and "already exists" in refused
    assert Organisation.objects.filter(short_name="SEC").count() == 1


def test_two_api_keys_asked_for_at_once_leave_one_key(hlep_officer):
    client = signed_in(hlep_officer)
    responses = at_once(*[(client, "/profile/api-key/", {"action": "create"})] * 2, held_back=Token)
    assert [r.status_code for r in responses] == [302, 302]
    assert Token.objects.filter(user=hlep_officer).count() == 1


def bid_rows_edited_at_once(hlep, *, prefix: str, row, removed: dict, changed: dict) -> tuple[Bid, str]:
    """Two officers of the bid's lead save its page at once: one removes its row `row`, the other
    changes it (`removed` and `changed` are that row's fields as each sends it). The bid and the
    page the second gets back."""
    opportunity = FundingOpportunityFactory(
        partnership=hlep.partnerships.get(), closes_on=timezone.localdate() + timedelta(days=60)
    )
    bid = BidFactory(opportunity=opportunity, lead_organisation=hlep, title="Harlow housing infrastructure")
    row = row(bid)
    officers = [PersonFactory(first_name=name, last_name="Dale", roles=[(hlep, OFFICER)]) for name in "AB"]
    posts = [
        (
            signed_in(officer),
            bid.get_edit_url(),
            {
                **bid_data(opportunity, hlep, title=bid.title),
                **rows(prefix, [{"id": row.pk, **sent}], initial=1),
            },
        )
        for officer, sent in zip(officers, [{**removed, "DELETE": "on"}, changed], strict=True)
    ]
    first, second = at_once(*posts, held_back=type(row))
    assert (first.status_code, second.status_code) == (302, 200)
    return bid, second.content.decode()


def test_a_match_funding_row_changed_as_another_officer_removes_it_is_an_error_not_a_500(hlep, cpca):
    sent = {"organisation": cpca.pk, "kind": "cash", "amount": "50000"}
    bid, refused = bid_rows_edited_at_once(
        hlep,
        prefix="match",
        row=lambda bid: MatchFundingFactory(bid=bid, organisation=cpca, amount=Decimal("50000")),
        removed=sent,
        changed={**sent, "amount": "60000"},
    )
    assert "There is a problem" in refused
    assert f'<a href="#match">{escape(ROWS_CHANGED)}</a>' in refused
    assert not bid.match_funding.exists()


def test_a_business_case_stage_changed_as_another_officer_removes_it_is_an_error_not_a_500(hlep):
    bid, refused = bid_rows_edited_at_once(
        hlep,
        prefix="stages",
        row=lambda bid: BusinessCaseStageFactory(bid=bid, stage=1, date=date(2026, 10, 1)),
        removed={"stage": "1", "date": "2026-10-01"},
        changed={"stage": "1", "date": "2026-10-02"},
    )
    assert f'<a href="#stages">{escape(ROWS_CHANGED)}</a>' in refused
    assert not bid.business_case_stages.exists()
