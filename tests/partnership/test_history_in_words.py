"""The history on a record's page reads in words: names, labels and file names, never ids, codes,
dict reprs or storage paths; and it costs the same few queries however long it is."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Proposal
from partnership.history import history_entries
from partnership.services import add_evidence, change_evidence
from projects.models import Project
from tests.factories import PersonFactory


def changes(obj) -> list[str]:
    return [change for entry in history_entries(obj) for change in entry.changes]


def add_survey(partnership, hlep, by, **values):
    return add_evidence(
        partnership=partnership,
        by=by,
        title="Business survey",
        owner=hlep,
        description="What firms told us.",
        file=SimpleUploadedFile("business-survey-2026.pdf", b"%PDF-1.4 survey"),
        sharing_basis="ogl",
        shared_on=datetime.date(2026, 5, 1),
        next_review_on=datetime.date(2027, 5, 1),
        **values,
    )


def test_a_new_secretary_is_named_and_none_is_said_in_words(hlep):
    board = hlep.board
    board.secretary = PersonFactory(first_name="Hana", last_name="Hughes")
    board.save()
    board.secretary = None
    board.save()

    assert changes(board) == ["Secretary: Hana Hughes → (none)", "Secretary: (none) → Hana Hughes"]


def test_commitments_added_and_removed_are_named_by_clause_number(partnership, agreement):
    clauses = {c.number: c for c in agreement.clauses.filter(number__in=["2.3.3", "3.1", "3.4"])}
    proposal = Proposal.objects.create(partnership=partnership, title="Skills hub", summary="A hub")
    proposal.commitments.set([clauses["3.4"]])

    proposal.commitments.set([clauses["2.3.3"], clauses["3.1"]])

    # set() removes then adds, and each step is kept as a version of its own.
    assert changes(proposal)[:2] == ["Commitments: added 2.3.3 and 3.1", "Commitments: removed 3.4"]


def test_a_file_is_shown_by_the_name_it_was_uploaded_with(partnership, hlep, hlep_officer, officer_client):
    evidence = add_survey(partnership, hlep, hlep_officer)
    change_evidence(
        evidence, by=hlep_officer, file=SimpleUploadedFile("business-survey-2027.pdf", b"%PDF-1.4 again")
    )

    assert changes(evidence) == ["File: business-survey-2026.pdf → business-survey-2027.pdf"]
    page = officer_client.get(reverse("partnership:evidence-detail", args=[evidence.pk])).content.decode()
    assert "File: business-survey-2026.pdf → business-survey-2027.pdf" in page
    assert "evidence/20" not in page


def test_choices_dates_and_blanks_read_as_the_form_shows_them(partnership, hlep, hlep_officer):
    evidence = add_survey(partnership, hlep, hlep_officer)

    change_evidence(
        evidence,
        by=hlep_officer,
        sharing_basis="dsa",
        sharing_note="DSA-12",
        next_review_on=datetime.date(2027, 6, 1),
    )

    assert sorted(changes(evidence)) == [
        "Licence details: (none) → DSA-12",
        "Licence or sharing basis: Open Government Licence → Data sharing agreement",
        "Next review date: 1 May 2027 → 1 June 2027",
    ]


def test_money_and_yes_or_no_read_as_pages_show_them(partnership, hlep, hlep_officer):
    project = Project.objects.create(
        partnership=partnership, title="Skills hub", lead_organisation=hlep, sector=Project.Sector.ICT
    )
    project.budget = Decimal("1250000.50")
    project.save()
    hlep_officer.is_active = False
    hlep_officer.save()

    assert changes(project) == ["Budget: (none) → £1,250,000.50"]
    assert changes(hlep_officer) == ["Active: Yes → No"]


def test_the_history_costs_the_same_queries_however_many_changes_it_shows(partnership, agreement, hlep):
    clauses = list(agreement.clauses.all()[:6])
    proposal = Proposal.objects.create(partnership=partnership, title="Skills hub", summary="A hub")
    board = hlep.board
    people = PersonFactory.create_batch(3)

    def change_both(times):
        for i in range(times):
            proposal.commitments.set(clauses[i % 6 : i % 6 + 2])
            board.secretary = people[i % 3]
            board.save()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            history_entries(proposal)
            history_entries(board)
        return len(captured)

    change_both(3)
    few = queries()
    change_both(12)

    assert queries() == few
