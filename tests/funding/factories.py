"""Factories for funding opportunities, bids and what hangs off them."""

import datetime
from decimal import Decimal

import factory

from funding.models import Bid, BusinessCaseStage, FundingOpportunity, MatchFunding
from tests.factories import many_to_many


class FundingOpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingOpportunity
        skip_postgeneration_save = True

    funder = "Department for Science, Innovation and Technology"
    name = factory.Sequence(lambda n: f"Innovation fund round {n}")
    kind = FundingOpportunity.Instrument.GRANT
    amount_available = Decimal("5000000")
    opens_on = datetime.date(2026, 9, 1)
    closes_on = datetime.date(2027, 1, 31)

    tags = many_to_many("tags")

    commitments = many_to_many("commitments")


class BidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bid
        skip_postgeneration_save = True

    opportunity = factory.SubFactory(FundingOpportunityFactory)
    title = factory.Sequence(lambda n: f"Joint bid {n}")
    amount_requested = Decimal("250000")
    status = Bid.Status.IN_DEVELOPMENT

    partners = many_to_many("partners")

    commitments = many_to_many("commitments")

    projects = many_to_many("projects")


class MatchFundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchFunding

    bid = factory.SubFactory(BidFactory)
    organisation = factory.SelfAttribute("bid.lead_organisation")
    amount = Decimal("50000")
    kind = MatchFunding.CashOrInKind.CASH


class BusinessCaseStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessCaseStage

    bid = factory.SubFactory(BidFactory)
    stage = BusinessCaseStage.Stage.SOC
    date = datetime.date(2026, 10, 1)
