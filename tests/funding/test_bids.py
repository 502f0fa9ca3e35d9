"""Officers build a bid against an opportunity: partners, projects, commitments, match funding and the
business case stages, saved together or not at all."""

import datetime
from decimal import Decimal

import pytest

from funding.models import Bid, BusinessCaseStage, MatchFunding
from tests.funding.factories import BusinessCaseStageFactory, MatchFundingFactory
from tests.projects.factories import ProjectFactory


def rows(prefix, items, initial=0, extra_blank=0):
    """Formset data: `items` are dicts of the row's fields."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(items) + extra_blank),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        data.update({f"{prefix}-{index}-{name}": value for name, value in item.items()})
    return data


def bid_data(opportunity, lead, *, match=(), stages=(), **overrides):
    data = {
        "opportunity": opportunity.pk,
        "title": "Corridor skills bootcamps",
        "summary": "Digital and green skills bootcamps along the corridor.",
        "lead_organisation": lead.pk,
        "amount_requested": "1200000.00",
        "status": "in_development",
        **rows("match", list(match)),
        **rows("stages", list(stages)),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_an_officer_builds_a_joint_bid_with_match_funding_and_a_strategic_outline_case(
    officer_client, opportunity, hlep, cpca, commitment, partnership, agreed_proposal
):
    project = ProjectFactory(partnership=partnership, lead_organisation=hlep, title="Harlow skills hub")
    response = officer_client.post(
        "/funding/bids/new/",
        bid_data(
            opportunity,
            hlep,
            partners=[cpca.pk],
            projects=[project.pk],
            commitments=[commitment.pk],
            match=[
                {"organisation": hlep.pk, "kind": "cash", "amount": "150000"},
                {"organisation": cpca.pk, "kind": "in_kind", "amount": "75000.50"},
            ],
            stages=[{"stage": "1", "date": "2026-10-01", "decision": agreed_proposal.pk}],
        ),
    )
    bid = Bid.objects.get()
    assert response.status_code == 302
    assert response["Location"] == bid.get_absolute_url()
    assert list(bid.partners.all()) == [cpca]
    assert list(bid.projects.all()) == [project]
    assert list(project.bids.all()) == [bid]
    assert list(bid.commitments.all()) == [commitment]
    assert sorted(m.amount for m in bid.match_funding.all()) == [Decimal("75000.50"), Decimal("150000")]
    stage = bid.business_case_stages.get()
    assert (stage.stage, stage.decision) == (BusinessCaseStage.Stage.SOC, agreed_proposal)
    page = officer_client.get(bid.get_absolute_url())
    assert "£225,000.50" in page.text
    assert "Strategic outline case" in page.text
    assert agreed_proposal.title in page.text


def test_an_opportunity_page_starts_a_bid_for_it(officer_client, opportunity):
    page = officer_client.get(f"/funding/bids/new/?opportunity={opportunity.pk}")
    assert f'<option value="{opportunity.pk}" selected>' in page.text


def test_a_bad_match_funding_row_saves_nothing_of_the_bid(officer_client, opportunity, hlep):
    response = officer_client.post(
        "/funding/bids/new/",
        bid_data(opportunity, hlep, match=[{"organisation": hlep.pk, "kind": "cash", "amount": "-5"}]),
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter an amount of £0 or more" in response.text
    assert not Bid.objects.exists()
    assert not MatchFunding.objects.exists()


def test_every_problem_is_listed_at_once(officer_client, opportunity, hlep):
    response = officer_client.post(
        "/funding/bids/new/",
        bid_data(
            opportunity,
            hlep,
            title="",
            match=[{"organisation": hlep.pk, "kind": "cash", "amount": "1.234"}],
            stages=[{"stage": "2", "date": "2026-10-01"}],
        ),
    )
    summary = response.text.split('govuk-error-summary__list">')[1].split("</ul>")[0]
    assert "This field is required." in summary
    assert "Enter an amount in pounds and pence, with no more than 2 decimal places" in summary
    assert "Record the stages in order" in summary


def test_stages_follow_the_green_book_order(officer_client, opportunity, hlep):
    response = officer_client.post(
        "/funding/bids/new/", bid_data(opportunity, hlep, stages=[{"stage": "2", "date": "2026-10-01"}])
    )
    assert (
        "Record the stages in order: a strategic outline case before an outline business case"
        in response.text
    )
    response = officer_client.post(
        "/funding/bids/new/",
        bid_data(
            opportunity,
            hlep,
            stages=[{"stage": "1", "date": "2026-10-01"}, {"stage": "2", "date": "2026-09-01"}],
        ),
    )
    assert "Each stage&#x27;s date must be on or after the previous stage&#x27;s date." in response.text
    assert not Bid.objects.exists()


def test_an_approving_decision_must_be_agreed_by_every_board(
    officer_client, opportunity, hlep, pending_proposal
):
    response = officer_client.post(
        "/funding/bids/new/",
        bid_data(
            opportunity, hlep, stages=[{"stage": "1", "date": "2026-10-01", "decision": pending_proposal.pk}]
        ),
    )
    assert "Choose a proposal every board has agreed." in response.text
    assert not Bid.objects.exists()


def test_an_officer_cannot_start_a_bid_their_organisation_has_no_part_in(officer_client, opportunity, cpca):
    response = officer_client.post("/funding/bids/new/", bid_data(opportunity, cpca))
    assert "Select a valid choice." in response.text
    assert not Bid.objects.exists()


def test_a_partner_officer_cannot_drop_their_own_organisation(client, cpca_officer, joint_bid, hlep, cpca):
    client.force_login(cpca_officer)
    client.post(joint_bid.get_edit_url(), bid_data(joint_bid.opportunity, hlep, partners=[]))
    # Only the lead's officers change the partners (tests/projects/test_lead_and_partners.py).
    assert list(joint_bid.partners.all()) == [cpca]


def test_an_officer_cannot_leave_their_organisation_out_of_a_bid(officer_client, hlep_bid, cpca):
    response = officer_client.post(hlep_bid.get_edit_url(), bid_data(hlep_bid.opportunity, cpca))
    assert "Select a valid choice." in response.text
    hlep_bid.refresh_from_db()
    assert hlep_bid.lead_organisation != cpca


def test_an_award_needs_a_successful_decision_with_a_date(officer_client, hlep_bid, hlep):
    Bid.objects.filter(pk=hlep_bid.pk).update(status=Bid.Status.SUBMITTED)
    response = officer_client.post(
        hlep_bid.get_edit_url(),
        bid_data(hlep_bid.opportunity, hlep, status="successful", amount_awarded="900000"),
    )
    assert response.status_code == 200
    assert "Enter the decision date of the award." in response.text
    hlep_bid.refresh_from_db()
    assert (hlep_bid.status, hlep_bid.amount_awarded) == (Bid.Status.SUBMITTED, None)

    response = officer_client.post(
        hlep_bid.get_edit_url(),
        bid_data(
            hlep_bid.opportunity,
            hlep,
            status="successful",
            decision_date="2026-11-20",
            amount_awarded="900000",
            feedback="Strong strategic case; weaker on value for money.",
        ),
    )
    assert response.status_code == 302
    hlep_bid.refresh_from_db()
    assert (hlep_bid.status, hlep_bid.amount_awarded) == (Bid.Status.SUCCESSFUL, Decimal("900000"))
    assert hlep_bid.decision_date == datetime.date(2026, 11, 20)


def test_the_status_form_offers_only_the_next_steps(officer_client, hlep_bid):
    page = officer_client.get(hlep_bid.get_edit_url())
    assert 'value="submitted"' in page.text
    assert 'value="successful"' not in page.text
    assert 'value="identified"' not in page.text


def test_an_officer_edits_and_removes_rows_in_one_save(officer_client, hlep_bid, hlep, cpca):
    kept = MatchFundingFactory(bid=hlep_bid, organisation=hlep, amount=Decimal("10000"))
    dropped = MatchFundingFactory(bid=hlep_bid, organisation=cpca, amount=Decimal("5000"))
    soc = BusinessCaseStageFactory(bid=hlep_bid)
    form = officer_client.get(hlep_bid.get_edit_url()).text
    for name in ["match-0-id", "match-1-DELETE", "stages-0-id", "stages-0-DELETE"]:
        assert f'name="{name}"' in form
    data = bid_data(hlep_bid.opportunity, hlep, title=hlep_bid.title)
    data.update(
        rows(
            "match",
            [
                {"id": kept.pk, "organisation": hlep.pk, "kind": "cash", "amount": "12000"},
                {"id": dropped.pk, "organisation": cpca.pk, "kind": "cash", "amount": "5000", "DELETE": "on"},
            ],
            initial=2,
        )
    )
    data.update(
        rows(
            "stages",
            [
                {"id": soc.pk, "stage": "1", "date": "2026-10-01"},
                {"stage": "2", "date": "2026-11-10"},
            ],
            initial=1,
        )
    )
    response = officer_client.post(hlep_bid.get_edit_url(), data)
    assert response.status_code == 302
    assert [(m.organisation, m.amount) for m in hlep_bid.match_funding.all()] == [(hlep, Decimal("12000"))]
    assert list(hlep_bid.business_case_stages.values_list("stage", flat=True)) == [1, 2]


@pytest.mark.parametrize("field", ["amount_requested"])
def test_money_is_never_negative_on_the_bid(officer_client, opportunity, hlep, field):
    response = officer_client.post("/funding/bids/new/", bid_data(opportunity, hlep, **{field: "-1"}))
    assert "Enter an amount of £0 or more" in response.text
    assert not Bid.objects.exists()


def test_only_projects_still_to_deliver_are_offered_unless_already_linked(
    officer_client, partnership, hlep, hlep_bid
):
    live = ProjectFactory(partnership=partnership, lead_organisation=hlep, title="Harlow skills hub")
    done = ProjectFactory(
        partnership=partnership, lead_organisation=hlep, title="Finished hub", status="completed"
    )
    assert live.title in officer_client.get("/funding/bids/new/").text
    assert done.title not in officer_client.get("/funding/bids/new/").text
    hlep_bid.projects.add(done)
    assert done.title in officer_client.get(hlep_bid.get_edit_url()).text
