"""Meetings' one door for writes: values in, the acting person named, all saved or none."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import services
from meetings.models import Invitation, MeetingChange
from partnership.models import Person

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
