from projects import demo
from projects.models import Contribution, Milestone, OutcomeReport, Project, ProjectUpdate


def counts():
    return [m.objects.count() for m in (Project, Milestone, Contribution, OutcomeReport, ProjectUpdate)]


def test_the_demo_loads_a_dozen_joint_projects_once(partnership):
    demo.load(partnership)
    first = counts()
    demo.load(partnership)
    assert counts() == first
    projects = Project.objects.for_partnership(partnership)
    assert projects.count() == 12
    assert {"life_sciences", "ict", "advanced_manufacturing", "housing", "skills"} <= set(
        projects.values_list("sector", flat=True)
    )
    by_rag, _ = projects.counts()
    assert set(by_rag.values()) != {0}
    assert all(n > 0 for n in by_rag.values())
    assert Milestone.objects.late().exists()
    assert projects.filter(lead_organisation__short_name="HLEP").exists()
    assert projects.filter(lead_organisation__short_name="CPCA").exists()
    assert projects.on_corridor().filter(sector="life_sciences").exists()
    assert Contribution.objects.values("organisation").distinct().count() == 2
