"""The bench data generator makes a partnership of the size asked for, tops it up when run again,
and starts afresh with reset."""

import io

from bench.generate import generate
from funding.models import Bid
from meetings.models import Action
from partnership.models import Person
from projects.models import Contribution, Milestone, Project


def test_the_generator_makes_a_realistic_partnership_of_the_size_asked_for(db):
    output = io.StringIO()
    partnership = generate(projects=30, people=12, stdout=output)
    projects = Project.objects.for_partnership(partnership)
    assert projects.count() == 30
    assert Person.objects.filter(email__endswith="@bench.accord.localhost").count() == 12
    assert Milestone.objects.count() == 30 * 4
    assert Contribution.objects.values("organisation").distinct().count() == 2
    assert all(p.partners.exists() and p.commitments.exists() for p in projects)
    assert projects.exclude(rag="green").filter(rag_reason="").count() == 0
    assert "Projects: 30 of 30" in output.getvalue()
    assert partnership.meetings.count() == 2 and Action.objects.count() == 120
    assert Bid.objects.for_partnership(partnership).count() == 6

    projects = Project.objects.for_partnership(partnership)
    generate(projects=30, people=12, stdout=io.StringIO())
    assert projects.count() == 30, "running it again duplicates nothing"
    generate(projects=45, people=12, stdout=io.StringIO())
    assert projects.count() == 45, "a bigger size tops it up"
    generate(projects=5, people=3, reset_first=True, stdout=io.StringIO())
    assert projects.count() == 5
    assert Person.objects.filter(email__endswith="@bench.accord.localhost").count() == 3
    assert partnership.meetings.count() == 2, "reset removes the meetings too, then makes them afresh"
