"""Open data: joint bids for government funding."""

from rest_framework import serializers

from partnership.api import PartnershipViewSet, clause_numbers
from partnership.bounds import validate_date

from .models import Bid


class BidSerializer(serializers.ModelSerializer):
    funder = serializers.CharField(source="opportunity.funder")
    fund = serializers.CharField(source="opportunity.name")
    closes_on = serializers.DateField(source="opportunity.closes_on", validators=[validate_date])
    lead_organisation = serializers.CharField(source="lead_organisation.short_name")
    partners = serializers.SlugRelatedField(slug_field="short_name", many=True, read_only=True)
    projects = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
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
