"""Open data: joint bids for government funding."""

from rest_framework import serializers

from partnership.api import PartnershipViewSet, clause_numbers, described
from partnership.bounds import validate_date

from .models import Bid


class BidSerializer(serializers.ModelSerializer):
    funder = serializers.CharField(source="opportunity.funder", help_text="Who gives the funding.")
    fund = serializers.CharField(source="opportunity.name", help_text="The fund or competition bid for.")
    closes_on = serializers.DateField(
        source="opportunity.closes_on",
        validators=[validate_date],
        help_text="The day applications to the fund close.",
    )
    lead_organisation = serializers.CharField(
        source="lead_organisation.short_name", help_text="The short name of the lead applicant."
    )
    partners = serializers.SlugRelatedField(
        slug_field="short_name",
        many=True,
        read_only=True,
        help_text="The short names of the other parties applying with the lead.",
    )
    projects = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="The ids of the projects the bid would fund."
    )
    commitments = clause_numbers()

    class Meta:
        model = Bid
        fields = [
            "id",
            "title",
            "funder",
            "fund",
            "closes_on",
            "lead_organisation",
            "partners",
            "projects",
            "commitments",
            "status",
            "amount_requested",
            "decision_date",
            "amount_awarded",
        ]
        extra_kwargs = {
            "id": {"help_text": "Accord's identifier of the bid."},
            "title": {"help_text": "The bid's title."},
            "status": {"help_text": "Where the bid has got to, from identified to decided."},
            "amount_requested": {"help_text": "The pounds asked for, as a decimal string."},
            "decision_date": {"help_text": "The day the funder decided, or null until it does."},
            "amount_awarded": {"help_text": "The pounds awarded, or null unless successful."},
        }


@described("bid", "bids", "The partners' joint bids for government funding, with their funders and status.")
class BidViewSet(PartnershipViewSet):
    queryset = Bid.objects.none()
    serializer_class = BidSerializer
    filterset_fields = ["status", "lead_organisation", "commitments"]

    def scoped(self, partnership):
        return (
            Bid.objects.for_partnership(partnership)
            .select_related("opportunity", "lead_organisation")
            .prefetch_related("partners", "projects", "commitments")
            .order_by("pk")
        )
