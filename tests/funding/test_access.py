"""Every funding page needs a member of the partnership; creating needs an officer or admin; a bid is
edited only by officers of its lead applicant or partner organisations (or admins)."""

import pytest
from django.urls import reverse

from tests.conftest import OFFICER
from tests.factories import OrganisationFactory, PartnershipFactory, PersonFactory


@pytest.fixture
def pages(opportunity, hlep_bid):
    return {
        "read": [
            "/funding/",
            "/funding/export.csv",
            "/funding/export.xlsx",
            "/funding/opportunities/",
            f"/funding/opportunities/{opportunity.pk}/",
            f"/funding/bids/{hlep_bid.pk}/",
        ],
        "create": [
            "/funding/opportunities/new/",
            "/funding/bids/new/",
            f"/funding/opportunities/{opportunity.pk}/edit/",
        ],
        "bid_edit": [f"/funding/bids/{hlep_bid.pk}/edit/"],
    }


def test_the_anonymous_are_sent_to_sign_in(client, pages):
    for path in pages["read"] + pages["create"] + pages["bid_edit"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("login"))


def test_someone_with_no_role_is_refused(client, nobody, pages):
    client.force_login(nobody)
    for path in pages["read"] + pages["create"] + pages["bid_edit"]:
        assert client.get(path).status_code == 403, path


def test_board_members_read_every_funding_page_but_change_nothing(board_client, pages, hlep_bid):
    for path in pages["read"]:
        assert board_client.get(path).status_code == 200, path
    for path in pages["create"] + pages["bid_edit"]:
        assert board_client.get(path).status_code == 403, path
    response = board_client.post(pages["bid_edit"][0], {"title": "Changed by a board member"})
    assert response.status_code == 403
    hlep_bid.refresh_from_db()
    assert hlep_bid.title != "Changed by a board member"


def test_an_outsider_finds_nothing_of_this_partnership(client, outsider, pages, opportunity, hlep_bid):
    client.force_login(outsider)
    assert client.get(f"/funding/opportunities/{opportunity.pk}/").status_code == 404
    assert client.get(f"/funding/bids/{hlep_bid.pk}/").status_code == 404
    # Their own partnership's pipeline and export hold nothing of this one.
    for path in ["/funding/", "/funding/export.csv", "/funding/opportunities/"]:
        response = client.get(path)
        assert response.status_code == 200
        assert hlep_bid.title.encode() not in response.content
        assert opportunity.name.encode() not in response.content


def test_an_outsider_admin_cannot_edit_a_bid_of_another_partnership(client, hlep_bid):
    elsewhere = OrganisationFactory(short_name="FAR", name="Far Away Council")
    PartnershipFactory(name="Far partnership", parties=[elsewhere])
    admin_elsewhere = PersonFactory(roles=[(elsewhere, "partnership_admin")])
    client.force_login(admin_elsewhere)
    assert client.get(f"/funding/bids/{hlep_bid.pk}/edit/").status_code == 404


def test_an_officer_of_an_organisation_not_in_the_bid_is_refused(client, cpca_officer, hlep_bid):
    client.force_login(cpca_officer)
    assert client.get(f"/funding/bids/{hlep_bid.pk}/").status_code == 200
    assert client.get(f"/funding/bids/{hlep_bid.pk}/edit/").status_code == 403
    response = client.post(f"/funding/bids/{hlep_bid.pk}/edit/", {"title": "Taken over"})
    assert response.status_code == 403
    hlep_bid.refresh_from_db()
    assert hlep_bid.title == "Harlow housing infrastructure"


def test_an_officer_of_a_non_party_organisation_in_the_partnership_is_refused(client, partnership, hlep_bid):
    district = OrganisationFactory(short_name="EHDC", name="East Herts District Council")
    partnership.parties.add(district)
    officer = PersonFactory(roles=[(district, OFFICER)])
    client.force_login(officer)
    assert client.get(f"/funding/bids/{hlep_bid.pk}/edit/").status_code == 403


@pytest.mark.parametrize("who", ["hlep_officer", "cpca_officer", "admin_person"])
def test_officers_of_the_lead_or_a_partner_and_admins_edit_a_joint_bid(client, request, who, joint_bid):
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/funding/bids/{joint_bid.pk}/edit/").status_code == 200


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("hlep_officer", True),
        ("cpca_officer", False),
        ("admin_person", True),
        ("hlep_board_member", False),
        ("cpca_board_member", False),
        ("outsider", False),
        ("nobody", False),
    ],
)
def test_who_can_edit_a_bid_hlep_leads_alone(request, who, allowed, hlep_bid):
    assert hlep_bid.can_edit(request.getfixturevalue(who)) is allowed


def test_the_partner_officer_can_edit_once_their_organisation_partners(cpca_officer, joint_bid, hlep_bid):
    assert joint_bid.can_edit(cpca_officer)
    assert not hlep_bid.can_edit(cpca_officer)
