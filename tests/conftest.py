"""The partnership every test starts from: HLEP and CPCA with the seed agreement, a board member,
an officer and an admin at each, and an outsider who belongs to an organisation outside it."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import sync_playwright

from partnership.agreement_text import parse_agreement
from partnership.models import Membership
from partnership.services import import_agreement
from tests.factories import OrganisationFactory, PartnershipFactory, PersonFactory

BOARD_MEMBER = Membership.Role.BOARD_MEMBER
OFFICER = Membership.Role.OFFICER
ADMIN = Membership.Role.PARTNERSHIP_ADMIN
SEED = Path(settings.BASE_DIR) / "partnership" / "seed" / "agreement.md"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _dashboard_figures_afresh(settings):
    """Each test's dashboard shows that test's data; keeping the figures a minute is tested alone."""
    settings.ACCORD_DASHBOARD_SECONDS = 0


@pytest.fixture
def agreement(db):
    return import_agreement(parse_agreement(SEED.read_bytes())).agreement


@pytest.fixture
def partnership(agreement):
    return agreement.partnership


@pytest.fixture
def hlep(partnership):
    return partnership.parties.get(short_name="HLEP")


@pytest.fixture
def cpca(partnership):
    return partnership.parties.get(short_name="CPCA")


@pytest.fixture
def commitment(agreement):
    return agreement.clauses.get(number="2.3.5")


@pytest.fixture
def hlep_board_member(hlep):
    return PersonFactory(first_name="Helen", last_name="Ashby", roles=[(hlep, BOARD_MEMBER)])


@pytest.fixture
def cpca_board_member(cpca):
    return PersonFactory(first_name="Colin", last_name="Fraser", roles=[(cpca, BOARD_MEMBER)])


@pytest.fixture
def hlep_officer(hlep):
    return PersonFactory(first_name="Hugo", last_name="Dale", roles=[(hlep, OFFICER)])


@pytest.fixture
def cpca_officer(cpca):
    return PersonFactory(first_name="Cara", last_name="Ingram", roles=[(cpca, OFFICER)])


@pytest.fixture
def admin_person(hlep):
    return PersonFactory(first_name="Hana", last_name="Evans", roles=[(hlep, ADMIN)])


@pytest.fixture
def outsider(db):
    """Belongs to an organisation that is not a party to the partnership."""
    elsewhere = OrganisationFactory(short_name="ELSE", name="Elsewhere Council")
    PartnershipFactory(name="Another partnership", parties=[elsewhere])
    return PersonFactory(first_name="Olly", last_name="Outside", roles=[(elsewhere, BOARD_MEMBER)])


@pytest.fixture
def nobody(db):
    """Signed in, but with no role anywhere."""
    return PersonFactory(first_name="Nora", last_name="Nobody")


def _client_for(client, person):
    client.force_login(person)
    return client


@pytest.fixture
def board_client(client, hlep_board_member):
    return _client_for(client, hlep_board_member)


@pytest.fixture
def officer_client(client, hlep_officer):
    return _client_for(client, hlep_officer)


@pytest.fixture
def admin_client_(client, admin_person):
    """Signed in as a partnership admin (Django's own admin_client fixture is a superuser)."""
    return _client_for(client, admin_person)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright, one for the whole run (browser tests and journeys)."""
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
