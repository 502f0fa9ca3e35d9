"""The clauses shared evidence and consultations serve are kept in their history: their pages say
which were linked or let go, by whom and when."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnership.history import history_entries
from partnership.services import add_evidence, change_consultation, change_evidence, open_consultation

pytestmark = pytest.mark.django_db


def clauses(agreement, *numbers):
    return list(agreement.clauses.filter(number__in=numbers))


def history_row(page: str, change: str) -> str:
    """The row of the page's history table that shows `change`."""
    return next(row for row in page.split('id="history"')[1].split("<tr") if change in row)


def test_the_clauses_evidence_serves_are_kept_in_its_history(
    board_client, partnership, hlep, hlep_officer, agreement
):
    evidence = add_evidence(
        partnership=partnership,
        by=hlep_officer,
        title="Business survey",
        owner=hlep,
        description="What firms told us.",
        file=SimpleUploadedFile("business-survey-2026.pdf", b"%PDF-1.4 survey"),
        sharing_basis="ogl",
        shared_on=datetime.date(2026, 5, 1),
        next_review_on=datetime.date(2027, 5, 1),
        commitments=clauses(agreement, "2.3.7"),
    )

    change_evidence(evidence, by=hlep_officer, commitments=clauses(agreement, "2.3.7", "3.5", "3.2.1"))

    assert [entry.changes for entry in history_entries(evidence)] == [
        ["Commitments: added 3.2.1 and 3.5"],
        [],
    ]
    page = board_client.get(reverse("partnership:evidence-detail", args=[evidence.pk])).content.decode()
    assert "Hugo Dale" in history_row(page, "Commitments: added 3.2.1 and 3.5")


def test_the_commitments_a_consultation_serves_are_kept_in_its_history(
    board_client, partnership, hlep, cpca, hlep_officer, agreement
):
    consultation = open_consultation(
        partnership=partnership,
        consulted=[cpca],
        by=hlep_officer,
        consulting_organisation=hlep,
        kind="skills_plan",
        title="Skills plan 2027",
        summary="For comment.",
        link="https://example.org/skills-plan",
        opens_on=datetime.date(2026, 12, 1),
        respond_by=datetime.date(2027, 1, 31),
        commitments=clauses(agreement, "2.3.3", "3.4"),
    )

    change_consultation(consultation, by=hlep_officer, commitments=clauses(agreement, "3.4"))

    latest = history_entries(consultation)[0]
    assert (latest.who, latest.changes) == (hlep_officer, ["Commitments: removed 2.3.3"])
    page = board_client.get(consultation.get_absolute_url()).content.decode()
    assert "Hugo Dale" in history_row(page, "removed 2.3.3")
