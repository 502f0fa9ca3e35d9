"""A partnership starts with the usual kinds of outcome, its own, whichever way it is made."""

import pytest

from partnership.agreement_text import parse_agreement
from partnership.services import import_agreement
from projects.models import OutcomeKind
from projects.seed import OUTCOME_KINDS
from tests.conftest import SEED


@pytest.fixture(autouse=True)
def reference_data():
    """Instead of the package's, which seeds the kinds itself: here the partnership must."""


def kinds_of(partnership) -> list[tuple[str, str]]:
    return sorted(partnership.outcome_kinds.values_list("name", "unit"))


def test_an_agreement_imported_for_a_new_partnership_gives_it_the_usual_kinds_of_outcome(partnership):
    assert kinds_of(partnership) == sorted(OUTCOME_KINDS)


def test_a_second_partnership_gets_kinds_of_its_own(partnership):
    text = (
        b"**Joint Agreement**\n\n**Between**\n\n**Essex County Council (ECC)**\n\n**And**\n\n"
        b"**Kent County Council (KCC)**\n\n## 1 In practice\n\n- 1.1 **Meetings** Twice a year.\n"
    )
    second = import_agreement(parse_agreement(text)).agreement.partnership
    assert second != partnership
    assert kinds_of(second) == kinds_of(partnership) == sorted(OUTCOME_KINDS)
    assert not set(second.outcome_kinds.all()) & set(partnership.outcome_kinds.all())
    assert OutcomeKind.objects.count() == 2 * len(OUTCOME_KINDS)


def test_a_new_version_of_the_agreement_leaves_the_partnerships_own_kinds_alone(partnership):
    renamed = partnership.outcome_kinds.get(name="Learners")
    renamed.name = "Learners on courses"
    renamed.save()
    amended = SEED.read_bytes().replace(b"PARTNERSHIP AGREEMENT**", b"PARTNERSHIP AGREEMENT 2027**")
    assert import_agreement(parse_agreement(amended)).agreement.partnership == partnership
    assert partnership.agreements.count() == 2
    assert kinds_of(partnership) == sorted(
        [("Learners on courses", "learners"), *(kind for kind in OUTCOME_KINDS if kind[0] != "Learners")]
    )
