import django_filters
from django.db.models import Q

from partnership.forms import FilterForm
from partnership.models import Clause, Organisation, Partnership
from partnership.serving import filter_serving

from .models import Bid, BusinessCaseStage, FundingOpportunity, Tag

NO_STAGE = "none"


class PartnershipFilterSet(django_filters.FilterSet):
    """Choices come from the signed-in person's partnership, which the view passes in."""

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        if "funder" in self.filters:
            funders = (
                FundingOpportunity.objects.for_partnership(partnership)
                .order_by("funder")
                .values_list("funder", flat=True)
                .distinct()
            )
            # A callable, so the query runs when the form is built, once.
            self.filters["funder"].extra["choices"] = lambda: [(f, f) for f in funders]
        for name, queryset in [
            ("lead_organisation", partnership.parties.all()),
            ("commitment", Clause.objects.served_by_decisions_and_bids(partnership)),
            ("tag", Tag.objects.all()),
        ]:
            if name in self.filters:
                self.filters[name].queryset = queryset


class BidFilter(PartnershipFilterSet):
    q = django_filters.CharFilter(label="Search titles, funds and funders", method="search")
    status = django_filters.ChoiceFilter(choices=Bid.Status.choices, empty_label="Any status")
    stage = django_filters.ChoiceFilter(
        label="Business case stage",
        choices=[(NO_STAGE, "No business case yet"), *BusinessCaseStage.Stage.choices],
        method="filter_stage",
        empty_label="Any stage",
    )
    lead_organisation = django_filters.ModelChoiceFilter(
        label="Lead applicant", queryset=Organisation.objects.none(), empty_label="Any organisation"
    )
    funder = django_filters.ChoiceFilter(
        label="Funder", field_name="opportunity__funder", choices=[], empty_label="Any funder"
    )
    kind = django_filters.ChoiceFilter(
        label="Kind of funding",
        field_name="opportunity__kind",
        choices=FundingOpportunity.Instrument.choices,
        empty_label="Any kind",
    )
    commitment = django_filters.ModelChoiceFilter(
        label="Commitment it serves",
        method=filter_serving("bids"),  # as the dashboard and the clause page count them
        queryset=Clause.objects.none(),
        empty_label="Any commitment",
    )
    tag = django_filters.ModelChoiceFilter(
        label="Tag", method="filter_tag", queryset=Tag.objects.none(), empty_label="Any tag"
    )

    class Meta:
        model = Bid
        fields = []
        form = FilterForm

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(opportunity__name__icontains=value)
            | Q(opportunity__funder__icontains=value)
        )

    def filter_stage(self, queryset, name, value):
        if value == NO_STAGE:
            return queryset.filter(stage__isnull=True)
        return queryset.filter(stage=int(value))

    def filter_tag(self, queryset, name, value):
        return queryset.filter(opportunity__in=FundingOpportunity.objects.filter(tags=value).values("pk"))


class OpportunityFilter(PartnershipFilterSet):
    q = django_filters.CharFilter(label="Search funds, funders and eligibility", method="search")
    funder = django_filters.ChoiceFilter(choices=[], empty_label="Any funder")
    kind = django_filters.ChoiceFilter(
        label="Kind of funding", choices=FundingOpportunity.Instrument.choices, empty_label="Any kind"
    )
    tag = django_filters.ModelChoiceFilter(
        label="Tag", method="filter_tag", queryset=Tag.objects.none(), empty_label="Any tag"
    )
    commitment = django_filters.ModelChoiceFilter(
        label="Commitment it could serve",
        method="filter_commitment",
        queryset=Clause.objects.none(),
        empty_label="Any commitment",
    )

    class Meta:
        model = FundingOpportunity
        fields = []
        form = FilterForm

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(funder__icontains=value) | Q(eligibility__icontains=value)
        )

    def filter_tag(self, queryset, name, value):
        return queryset.filter(pk__in=FundingOpportunity.objects.filter(tags=value).values("pk"))

    def filter_commitment(self, queryset, name, value):
        # The clause or its sub-clauses, as the registers of what serves a clause filter.
        opportunities = FundingOpportunity.objects.filter(commitments__in=Clause.objects.subtree(value))
        return queryset.filter(pk__in=opportunities.values("pk"))
