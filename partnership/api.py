"""The open-data API's common ground, and the partnership's own resources: commitments and
consultations. Read-only; everyone reads within their own partnership, as on the pages."""

from django.http import Http404
from rest_framework import permissions, routers, serializers, viewsets

from .models import Clause, Consultation, ConsultationResponse
from .permissions import current_partnership


class IsPartnershipMember(permissions.BasePermission):
    message = "Only people with a role at a party of a partnership may read its data."

    def has_permission(self, request, view):
        return request.user.is_authenticated and request.user.is_partnership_member


class ApiRootView(routers.APIRootView):
    """The list of the API's resources, for the same callers as the resources themselves."""

    permission_classes = [IsPartnershipMember]


class Router(routers.DefaultRouter):
    APIRootView = ApiRootView


class PartnershipViewSet(viewsets.ReadOnlyModelViewSet):
    """Subclasses say which model (`queryset = Model.objects.none()`) and how to read it within one
    partnership (`scoped`); nothing is ever read outside the caller's partnership."""

    permission_classes = [IsPartnershipMember]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn without a caller
            return self.queryset
        partnership = current_partnership(self.request)
        if partnership is None:
            raise Http404("You are not part of a partnership yet.")
        return self.scoped(partnership)


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
        return Clause.objects.current_for(partnership).linkable().select_related("agreement", "parent")


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


def _error(description: str, schema: str = "Error") -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def document_errors(result, generator, request, public):
    """drf-spectacular hook: the answers every operation may give besides 200, so partner systems
    (and schemathesis) know them — refused callers, records not found, filters that make no sense."""
    result["components"]["schemas"]["Error"] = {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
    }
    result["components"]["schemas"]["FieldErrors"] = {
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    }
    for path, operations in result["paths"].items():
        if not path.startswith("/api/v1/") or path == "/api/v1/schema/":
            continue
        for operation in operations.values():
            responses = operation["responses"]
            responses.setdefault("401", _error("No valid API key or session."))
            responses.setdefault("403", _error("Signed in, but with no role at a party of a partnership."))
            responses.setdefault("404", _error("Not found in your partnership, or no such page of results."))
            if "{" not in path:
                responses.setdefault("400", _error("A filter's value makes no sense.", "FieldErrors"))
    return result
