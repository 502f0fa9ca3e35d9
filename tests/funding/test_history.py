"""A bid's and an opportunity's history say which partners, projects, commitments and tags were
linked or let go, in names, with who did it."""

import pytest

from funding.models import Tag
from funding.services import update_bid, update_opportunity
from partnership.history import history_entries
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_a_bids_partners_projects_and_commitments_are_kept_in_its_history(
    board_client, joint_bid, partnership, hlep, hlep_officer, agreement
):
    project = ProjectFactory(partnership=partnership, title="Corridor labs", lead_organisation=hlep)

    update_bid(
        joint_bid,
        by=hlep_officer,
        partners=[],
        projects=[project],
        commitments=list(agreement.clauses.filter(number__in=["3.3.1", "2.3.4"])),
        match_funding=[],
        stages=[],
    )

    latest = history_entries(joint_bid)[0]
    assert latest.who == hlep_officer
    assert sorted(latest.changes) == [
        "Commitments: added 2.3.4 and 3.3.1",
        "Linked projects: added Corridor labs",
        "Partner organisations: removed CPCA",
    ]
    history = board_client.get(joint_bid.get_absolute_url()).content.decode().split('id="history"')[1]
    row = next(row for row in history.split("<tr") if "Partner organisations: removed CPCA" in row)
    assert "Hugo Dale" in row


def test_an_opportunitys_tags_and_commitments_are_kept_in_its_history(opportunity, hlep_officer, agreement):
    update_opportunity(
        opportunity,
        by=hlep_officer,
        tags=[Tag.growth_corridor()],
        commitments=list(agreement.clauses.filter(number="3.3.1")),
    )

    assert sorted(history_entries(opportunity)[0].changes) == [
        "Commitments: added 3.3.1",
        f"Tags: added {Tag.growth_corridor()}",
    ]
