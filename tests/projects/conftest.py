"""Projects of the HLEP–CPCA partnership: one HLEP leads with CPCA as partner, one each party does alone."""

import pytest

from projects.models import Place
from projects.seed import ensure_reference_data
from tests.projects.factories import ProjectFactory


@pytest.fixture(autouse=True)
def reference_data(partnership):
    # The districts are seeded by the migration too, but transactional tests flush them; the kinds
    # of outcome are the partnership's own.
    ensure_reference_data()


@pytest.fixture
def cambridge():
    return Place.objects.get(name="Cambridge")


@pytest.fixture
def joint_project(partnership, hlep, cpca, commitment, cambridge):
    return ProjectFactory(
        partnership=partnership,
        title="Corridor life sciences incubator",
        lead_organisation=hlep,
        partners=[cpca],
        commitments=[commitment],
        places=[cambridge],
    )


@pytest.fixture
def hlep_only_project(partnership, hlep, commitment):
    return ProjectFactory(
        partnership=partnership,
        title="Hertfordshire skills bootcamps",
        lead_organisation=hlep,
        commitments=[commitment],
    )


@pytest.fixture
def cpca_only_project(partnership, cpca, commitment):
    return ProjectFactory(
        partnership=partnership,
        title="Fenland housing retrofit",
        sector="housing",
        lead_organisation=cpca,
        commitments=[commitment],
    )
