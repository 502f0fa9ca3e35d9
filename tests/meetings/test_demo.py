"""The demo data tells the story of the last review and the next, and loading it twice adds nothing."""

from django.utils import timezone

from meetings import demo
from meetings.models import Action, Decision, Meeting, Paper, Proposal
from partnership.demo import load_people
from projects import demo as projects_demo


def test_the_demo_has_a_past_review_the_next_one_and_proposals_before_the_boards(partnership):
    load_people(partnership, "a-long-demo-password-1")
    demo.load(partnership)
    counts = [model.objects.count() for model in (Meeting, Action, Proposal, Paper, Decision)]
    demo.load(partnership)
    assert [model.objects.count() for model in (Meeting, Action, Proposal, Paper, Decision)] == counts

    past, upcoming = Meeting.objects.order_by("starts_at")
    assert past.starts_at < timezone.now() < upcoming.starts_at
    assert past.minutes.text
    assert past.agenda_items.first().papers.get().file.read().startswith(b"%PDF")
    assert past.priorities.count() == 3
    assert Action.objects.overdue().exists()
    assert [i.title for i in upcoming.agenda_items.all()][:3] == demo.STANDING_AGENDA
    # A paper for the next review, which its uploader may still remove; and one still to come.
    assert upcoming.agenda_items.first().papers.get().file.read().startswith(b"%PDF")
    assert list(upcoming.presenters_missing_papers()) == [upcoming.agenda_items.last().presenter]
    statuses = {p.title: p.status for p in Proposal.objects.with_status()}
    assert statuses == {
        "Joint life sciences inward investment prospectus": "agreed",
        "Shared housing delivery data platform": "pending",
    }


def test_demo_proposals_link_to_the_demo_projects_when_they_are_loaded(partnership):
    load_people(partnership, "a-long-demo-password-1")
    projects_demo.load(partnership)
    demo.load(partnership)
    linked = Proposal.objects.get(title="Joint life sciences inward investment prospectus").project
    assert linked.title == "Corridor life sciences incubator"
