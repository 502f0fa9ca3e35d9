"""The open-data API's common ground, and the partnership's own resources: commitments and
consultations. Read-only; everyone reads within their own partnership, as on the pages."""

from django.http import Http404
from rest_framework import permissions, serializers, viewsets

from .models import Clause, Consultation, ConsultationResponse, Partnership


class IsPartnershipMember(permissions.BasePermission):
    message = "Only people with a role at a party of a partnership may read its data."

    def has_permission(self, request, view):
        return request.user.is_authenticated and request.user.is_partnership_member


class PartnershipViewSet(viewsets.ReadOnlyModelViewSet):
    """Subclasses say which model (`queryset = Model.objects.none()`) and how to read it within one
    partnership (`scoped`); nothing is ever read outside the caller's partnership."""

    permission_classes = [IsPartnershipMember]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn without a caller
            return self.queryset
        partnership = Partnership.objects.for_person(self.request.user).first()
        if partnership is None:
            raise Http404("You are not part of a partnership yet.")
        return self.scoped(partnership)

    def scoped(self, partnership: Partnership):
        raise NotImplementedError


def clause_numbers():
    """The clauses a record serves, by number ("2.3.5")."""
    return serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)


class CommitmentSerializer(serializers.ModelSerializer):
    agreement_version = serializers.IntegerField(source="agreement.version")
    parent = serializers.CharField(source="parent.number", default=None)

    class Meta:
        model = Clause
        fields = ["id", "number", "heading", "text", "kind", "parent", "agreement_version"]


class CommitmentViewSet(PartnershipViewSet):
    """The commitments (2.3.x) and practices (3.x) of the current agreement."""

    queryset = Clause.objects.none()
    serializer_class = CommitmentSerializer
    filterset_fields = ["kind"]

    def scoped(self, partnership):
        return (
            Clause.objects.current()
            .filter(agreement__partnership=partnership)
            .exclude(kind=Clause.Kind.GENERAL)
            .select_related("agreement", "parent")
        )


class ConsultationResponseSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.short_name")
    status = serializers.CharField()

    class Meta:
        model = ConsultationResponse
        fields = ["organisation", "status", "responded_on", "text"]


class ConsultationSerializer(serializers.ModelSerializer):
    consulting_organisation = serializers.CharField(source="consulting_organisation.short_name")
    commitments = clause_numbers()
    responses = ConsultationResponseSerializer(many=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "kind",
            "title",
            "summary",
            "link",
            "consulting_organisation",
            "opens_on",
            "respond_by",
            "commitments",
            "responses",
        ]


class ConsultationViewSet(PartnershipViewSet):
    queryset = Consultation.objects.none()
    serializer_class = ConsultationSerializer
    filterset_fields = ["kind", "consulting_organisation"]

    def scoped(self, partnership):
        return (
            Consultation.objects.filter(partnership=partnership)
            .select_related("consulting_organisation")
            .prefetch_related("commitments", "responses__organisation", "responses__consultation")
        )
