"""Every clause is known by a short title made of whole words, and its text is the agreement's
sentence without the bold label that heads it ("Meetings;")."""

import importlib
import re

import pytest
from django.apps import apps

from partnership.agreement_text import parse_agreement, short_title, without_heading_label
from partnership.models import Clause
from tests.conftest import SEED

SOURCE = re.sub(r"\*\*|\s+", " ", SEED.read_text())


def seed_clauses() -> dict[str, object]:
    return {clause.number: clause for clause in parse_agreement(SEED.read_bytes()).clauses}


@pytest.mark.django_db
def test_every_current_clause_has_a_short_title_of_whole_words(agreement):
    for clause in Clause.objects.current_for(agreement.partnership):
        assert clause.heading, clause.number
        assert len(clause.heading) <= 60, clause.heading
        # The title is words of the agreement as written, ending where a word ends.
        assert re.search(re.escape(clause.heading) + r"\b", SOURCE, re.IGNORECASE), clause.heading
        assert clause.heading.split()[-1].lower() not in {"the", "into", "for", "of", "and", "to", "a", "in"}


def test_clauses_without_a_bold_heading_are_named_by_their_first_phrase():
    clauses = seed_clauses()

    assert clauses["3.2.1"].heading == "Meet every six months to review joint working"
    assert clauses["3.3.1"].heading == "Identify potential opportunities for HMG investment"


def test_a_bold_label_before_a_semicolon_or_colon_is_the_heading_not_the_sentence():
    clauses = seed_clauses()

    assert (clauses["3.2"].heading, clauses["3.2"].text) == (
        "Meetings",
        "Representatives of the two organisations shall:",
    )
    assert clauses["3.3"].heading == "Funding"
    assert clauses["3.3"].text.startswith("Both organisations will work together")
    assert clauses["3.5"].heading == "Review"
    assert clauses["3.5"].text.startswith("Both parties commit to regularly reviewing")


def test_bold_words_that_belong_to_the_sentence_stay_in_it():
    clauses = seed_clauses()

    assert clauses["2.3.2"].heading == "Explore joint opportunities"
    assert clauses["2.3.2"].text.startswith("Explore joint opportunities for investment to enable growth")
    assert clauses["3.1"].text.startswith("Proposals or decisions agreed between the organisations")


def test_a_short_title_is_cut_between_words_never_inside_one():
    title = short_title("Identify potential opportunities for HMG investment into the region, supporting")

    assert title == "Identify potential opportunities for HMG investment"
    assert short_title("word " * 30) == "Word" + " word" * 11  # 59 characters
    assert short_title("Supercalifragilisticexpialidocious" * 3) == "Supercalifragilisticexpialidocious" * 3
    assert short_title("meetings; with representatives") == "Meetings"
    assert short_title("Together, we are committed to coordinate") == "We are committed to coordinate"


def test_the_label_is_taken_off_only_when_it_heads_the_text():
    assert without_heading_label("Review; Both parties commit", "Review") == "Both parties commit"
    assert without_heading_label("Funding: Both organisations", "Funding") == "Both organisations"
    assert without_heading_label("Review the plan; then act", "Review") == "Review the plan; then act"
    assert without_heading_label("Anything at all", "") == "Anything at all"


@pytest.mark.django_db
def test_a_clause_is_always_its_number_and_short_title(agreement):
    clause = agreement.clauses.get(number="3.3.1")

    assert str(clause) == "3.3.1 Identify potential opportunities for HMG investment"


@pytest.mark.django_db
def test_the_migration_names_and_cleans_clauses_imported_before(agreement):
    # As the import left them before: no heading on 3.2.1, a label heading 3.2's text.
    agreement.clauses.filter(number="3.2.1").update(heading="")
    agreement.clauses.filter(number="3.2").update(
        text="Meetings; Representatives of the two organisations shall:"
    )
    long_heading = "Working together to bring about inclusive growth across our region to support growth"
    agreement.clauses.filter(number="2.3").update(heading=long_heading)
    migration = importlib.import_module("partnership.migrations.0005_clause_short_titles")

    migration.name_and_clean_clauses(apps, None)

    clauses = {c.number: c for c in agreement.clauses.all()}
    assert clauses["3.2.1"].heading == "Meet every six months to review joint working"
    assert clauses["3.2"].text == "Representatives of the two organisations shall:"
    assert clauses["2.3"].heading == "Working together to bring about inclusive growth"
    assert clauses["3.5"].text.startswith("Both parties")
