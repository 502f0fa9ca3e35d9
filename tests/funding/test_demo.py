from funding import demo
from funding.models import Bid, BusinessCaseStage, FundingOpportunity, MatchFunding
from partnership.demo import load_people
from projects import demo as projects_demo
from reminders.models import Reminder


def counts():
    return [
        model.objects.count()
        for model in (FundingOpportunity, Bid, MatchFunding, BusinessCaseStage, Reminder)
    ] + [Bid.projects.through.objects.count()]


def test_the_demo_loads_a_realistic_pipeline_once(partnership):
    load_people(partnership, password="a-long-demo-password-1")
    projects_demo.load(partnership)
    demo.load(partnership)
    loaded = counts()
    demo.load(partnership)
    assert counts() == loaded

    statuses = set(Bid.objects.values_list("status", flat=True))
    assert {"identified", "in_development", "submitted", "successful", "unsuccessful"} <= statuses
    assert FundingOpportunity.objects.filter(tags__name="London–Stansted Growth Corridor").count() >= 3
    assert Bid.objects.filter(projects__isnull=False).exists()
    assert Bid.objects.in_progress().closing_within(90).exists()
    # Hugo, HLEP's officer, is reminded of the bids HLEP leads.
    assert Reminder.objects.filter(kind="bid_closing").exists()
    assert Bid.objects.success_rate() == 50


def test_projects_are_linked_on_a_later_run_if_they_loaded_after_funding(partnership):
    demo.load(partnership)
    assert not Bid.projects.through.objects.exists()
    projects_demo.load(partnership)
    demo.load(partnership)
    assert Bid.projects.through.objects.exists()
