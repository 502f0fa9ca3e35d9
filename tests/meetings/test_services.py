"""Meetings' one door for writes: values in, the acting person named, all saved or none."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from meetings import services
from meetings.models import AgendaItem, Invitation, MeetingChange, MeetingSeries
from partnership.models import Person
from tests.meetings.factories import schedule
from tests.meetings.test_meeting_pages import meeting_form

pytestmark = pytest.mark.django_db


def test_a_meeting_whose_officers_cannot_be_named_keeps_its_old_details(meeting, hlep_officer, admin_person):
    services.invite_officers(meeting, officers=[hlep_officer])
    title, changes = meeting.title, meeting.changes.count()

    with pytest.raises(ValueError):
        services.change_meeting(
            meeting, officers=[Person(email="unsaved@example.org")], by=admin_person, title="New"
        )

    meeting.refresh_from_db()
    assert meeting.title == title
    assert meeting.changes.count() == changes
    assert meeting.invitations.filter(kind=Invitation.Capacity.OFFICER).get().person == hlep_officer


def test_changing_a_meeting_and_its_officers_records_who_did_it(
    meeting, hlep_officer, cpca_officer, admin_person
):
    services.invite_officers(meeting, officers=[hlep_officer])

    services.change_meeting(meeting, officers=[cpca_officer], by=admin_person, title="Renamed review")

    meeting.refresh_from_db()
    assert meeting.title == "Renamed review"
    assert meeting.changes.order_by("pk").last().kind == MeetingChange.Event.UPDATED
    assert meeting.changes.order_by("pk").last().by == admin_person
    assert [i.person for i in meeting.invitations.filter(kind=Invitation.Capacity.OFFICER)] == [cpca_officer]


def test_a_paper_uploaded_outside_a_request_names_who_uploaded_it(meeting, hlep_officer):
    item = meeting.agenda_items.first()
    file = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")

    paper = services.upload_paper(item, title="Delivery plan", file=file, by=hlep_officer)

    assert (paper.original_name, paper.content_type, paper.size) == ("plan.pdf", "application/pdf", 13)
    assert paper.uploaded_by == hlep_officer
    assert paper.history.get().history_user == hlep_officer


def test_a_series_whose_meetings_cannot_be_scheduled_is_not_saved(
    partnership, hlep, admin_person, next_month, monkeypatch
):
    def fail(**kwargs):
        raise RuntimeError("the calendar is unreachable")

    monkeypatch.setattr(services, "schedule_series", fail)

    with pytest.raises(RuntimeError):
        services.save_series(
            None,
            partnership=partnership,
            by=admin_person,
            title="Six-monthly review",
            interval_months=6,
            duration_minutes=120,
            first_host=hlep,
            location="Harlow",
            online_url="",
            papers_due_days=7,
            first_starts_at=next_month,
        )

    assert not partnership.meeting_series.exists()


def test_a_proposal_names_who_added_it(partnership, commitment, hlep_officer):
    proposal = services.add_proposal(
        partnership=partnership,
        by=hlep_officer,
        title="Joint bid",
        summary="For approval.",
        commitments=[commitment],
    )

    assert proposal.created_by == hlep_officer
    assert list(proposal.commitments.all()) == [commitment]
    assert proposal.history.first().history_user == hlep_officer


def numbers(records) -> list[str]:
    return sorted(clause.number for clause in records.all())


def test_each_review_of_the_series_serves_3_2_1_and_3_5_and_its_standing_items_3_2_1(
    partnership, cpca, admin_person
):
    series = MeetingSeries.objects.create(
        partnership=partnership,
        first_starts_at=timezone.now() + timedelta(days=30),
        first_host=cpca,
        location="Alconbury Weald",
    )
    made = services.schedule_series(series=series, count=2, by=admin_person)
    assert len(made) == 2
    for meeting in made:
        assert numbers(meeting.commitments) == ["3.2.1", "3.5"]
        assert [numbers(item.commitments) for item in meeting.agenda_items.all()] == [["3.2.1"]] * 3
        assert meeting.history.first().history_user == admin_person


def test_a_one_off_meeting_serves_what_the_admin_chooses(meeting, agreement, admin_client_, hlep):
    """A meeting outside the series serves no clause of itself; its standing items serve 3.2.1.
    The secretary or an admin ticks the clauses it serves."""
    assert numbers(meeting.commitments) == []
    assert all(numbers(item.commitments) == ["3.2.1"] for item in meeting.agenda_items.all())
    funding = agreement.clauses.get(number="3.3")
    on = timezone.localtime(meeting.starts_at).date()
    form = {**meeting_form(on, hlep), "commitments": [funding.pk]}
    response = admin_client_.post(f"/meetings/{meeting.pk}/edit/", form)
    assert response.status_code == 302, response.content.decode()
    assert numbers(meeting.commitments) == ["3.3"]


def test_an_agenda_item_serves_the_clauses_an_admin_ticks(admin_client_, hlep_officer, meeting, agreement):
    officer_client = Client()
    officer_client.force_login(hlep_officer)
    item = meeting.agenda_items.last()
    investment = agreement.clauses.get(number="3.3.1")
    page = admin_client_.get(f"/meetings/agenda/{item.pk}/edit/")
    assert str(investment) in page.content.decode()  # offered by its label
    form = {"title": item.title, "commitments": [investment.pk]}
    assert officer_client.post(f"/meetings/agenda/{item.pk}/edit/", form).status_code == 403
    assert numbers(item.commitments) == ["3.2.1"]
    response = admin_client_.post(f"/meetings/agenda/{item.pk}/edit/", form)
    assert response.status_code == 302
    assert numbers(item.commitments) == ["3.3.1"]
    admin_client_.post(
        f"/meetings/{meeting.pk}/agenda/new/", {"title": "Bids", "commitments": [investment.pk]}
    )
    assert numbers(meeting.agenda_items.get(title="Bids").commitments) == ["3.3.1"]


def test_the_migration_links_the_reviews_held_before_it(partnership, cpca, admin_person):
    migration = importlib.import_module("meetings.migrations.0007_meetings_and_agenda_items_serve_clauses")
    series = MeetingSeries.objects.create(
        partnership=partnership,
        first_starts_at=timezone.now() + timedelta(days=30),
        first_host=cpca,
        location="Alconbury Weald",
    )
    [review] = services.schedule_series(series=series, count=1, by=admin_person)
    one_off = schedule(partnership, cpca)
    review.commitments.clear()
    for item in AgendaItem.objects.all():
        item.commitments.clear()

    migration.link_reviews_to_their_clauses(django_apps, None)

    assert numbers(review.commitments) == ["3.2.1", "3.5"]
    assert numbers(one_off.commitments) == []
    assert {tuple(numbers(item.commitments)) for item in AgendaItem.objects.all()} == {("3.2.1",)}
