"""Open data: joint projects and the outcomes they report."""

from rest_framework import serializers

from partnership.api import PartnershipViewSet, clause_numbers

from .models import OutcomeReport, Project


class ProjectSerializer(serializers.ModelSerializer):
    lead_organisation = serializers.CharField(source="lead_organisation.short_name")
    partners = serializers.SlugRelatedField(slug_field="short_name", many=True, read_only=True)
    places = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    commitments = clause_numbers()

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "summary",
            "lead_organisation",
            "partners",
            "sector",
            "places",
            "commitments",
            "status",
            "rag",
            "rag_reason",
            "start_date",
            "end_date",
        ]


class ProjectViewSet(PartnershipViewSet):
    queryset = Project.objects.none()
    serializer_class = ProjectSerializer
    filterset_fields = ["sector", "status", "rag", "lead_organisation", "commitments"]

    def scoped(self, partnership):
        return (
            Project.objects.for_partnership(partnership)
            .select_related("lead_organisation")
            .prefetch_related("partners", "places", "commitments")
            .order_by("pk")
        )


class OutcomeSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="kind.name")
    unit = serializers.CharField(source="kind.unit")

    class Meta:
        model = OutcomeReport
        fields = ["id", "project", "kind", "unit", "period_start", "period_end", "actual"]


class OutcomeViewSet(PartnershipViewSet):
    """What each project achieved, per kind of outcome and reporting period."""

    queryset = OutcomeReport.objects.none()
    serializer_class = OutcomeSerializer
    filterset_fields = ["project", "kind"]

    def scoped(self, partnership):
        return (
            OutcomeReport.objects.filter(project__partnership=partnership)
            .select_related("kind")
            .order_by("pk")
        )
