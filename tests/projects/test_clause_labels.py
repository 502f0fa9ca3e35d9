"""Every checkbox and filter names a clause by its number and short title, whole words, never a
sentence cut in the middle ("3.3.1 Identify potential opportunities for HMG investment into the")."""

import html
import re

import pytest

from partnership.models import Clause
from tests.conftest import SEED

pytestmark = pytest.mark.django_db

SOURCE = re.sub(r"\*\*|\s+", " ", SEED.read_text())
SMALL_WORDS = {"the", "into", "for", "of", "and", "to", "a", "in"}

# Pages whose forms or filters offer the clauses of the agreement, as checkboxes or options.
PAGES = [
    "/projects/",
    "/projects/new/",
    "/funding/",
    "/funding/opportunities/",
    "/funding/opportunities/new/",
    "/funding/bids/new/",
    "/consultations/",
    "/consultations/new/",
    "/evidence/",
    "/evidence/new/",
]


def clause_labels(page: str) -> list[str]:
    """The text of every label and option that names a clause ("2.3.5 Deliver joint projects")."""
    texts = re.findall(r"<(?:label|option)\b[^>]*>\s*([^<]*?)\s*</(?:label|option)>", page)
    return [html.unescape(text) for text in texts if re.match(r"\d+\.\d", text)]


@pytest.mark.parametrize("path", PAGES)
def test_clauses_are_offered_by_their_whole_label(officer_client, partnership, path):
    whole = {str(clause) for clause in Clause.objects.current_for(partnership)}

    labels = clause_labels(officer_client.get(path).content.decode())

    assert labels, f"{path} offers no clause"
    assert set(labels) <= whole
    for label in labels:
        title = label.split(" ", 1)[1]
        assert len(title) <= 60
        # Words of the agreement, ending where a word of it ends, and not on a small word.
        assert re.search(re.escape(title) + r"\b", SOURCE, re.IGNORECASE), label
        assert title.split()[-1].lower() not in SMALL_WORDS, label
