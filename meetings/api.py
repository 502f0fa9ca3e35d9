"""Open data: the six-monthly reviews, and each board's decisions on proposals (3.1)."""

from rest_framework import serializers

from partnership.api import PartnershipViewSet, clause_numbers

from .models import Decision, Meeting, Proposal


class MeetingSerializer(serializers.ModelSerializer):
    host = serializers.CharField(source="host.short_name")

    class Meta:
        model = Meeting
        fields = ["id", "title", "starts_at", "ends_at", "location", "host", "papers_deadline", "status"]


class MeetingViewSet(PartnershipViewSet):
    queryset = Meeting.objects.none()
    serializer_class = MeetingSerializer
    filterset_fields = ["status", "host"]

    def scoped(self, partnership):
        return Meeting.objects.filter(partnership=partnership).select_related("host").order_by("pk")


class DecisionSerializer(serializers.ModelSerializer):
    board = serializers.CharField(source="board.organisation.short_name")

    class Meta:
        model = Decision
        fields = ["board", "outcome", "decided_on", "reference"]


class ProposalSerializer(serializers.ModelSerializer):
    status = serializers.CharField()
    commitments = clause_numbers()
    decisions = DecisionSerializer(many=True)

    class Meta:
        model = Proposal
        fields = ["id", "title", "summary", "project", "bid", "commitments", "status", "decisions"]


class DecisionViewSet(PartnershipViewSet):
    """Proposals put to every party's board, with each board's decision and the status they give."""

    queryset = Proposal.objects.none()
    serializer_class = ProposalSerializer

    def scoped(self, partnership):
        return (
            Proposal.objects.filter(partnership=partnership)
            .with_status()
            .prefetch_related("commitments", "decisions__board__organisation")
            .order_by("pk")
        )
