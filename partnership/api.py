"""The API's common ground, and the partnership's own resources: commitments and consultations.
Everyone reads within their own partnership, as on the pages; projects and actions are also written
(projects/api.py, meetings/api.py), with the pages' permissions."""

import copy

from django.core.exceptions import ValidationError as ModelValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularSwaggerSplitView
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


class ApiDocsView(SpectacularSwaggerSplitView):
    """The API's documentation page: Swagger UI from Accord's own static files, started by a script
    this view serves as a file of its own (?script), as the CSP allows no inline script. As public as
    the schema it reads."""

    template_name = "api/docs.html"
    url_name = "api-schema"


def described(singular: str, plural: str, about: str, **writes: str):
    """The summary and description of each of a resource's operations, as the documentation page shows
    them; `writes` describes its create and partial_update, if it has them."""
    operations = {
        "list": extend_schema(summary=f"List {plural}", description=f"{about} Filters narrow the list."),
        "retrieve": extend_schema(summary=f"Read one {singular}", description=about),
    }
    for action, text in writes.items():
        verb = {"create": "Create", "partial_update": "Update"}[action]
        article = "an" if singular[0] in "aeiou" else "a"
        operations[action] = extend_schema(summary=f"{verb} {article} {singular}", description=text)
    return extend_schema_view(**operations)


# Subclasses name their model (queryset = Model.objects.none(), for the schema) and read it within one
# partnership (scoped); nothing is ever read outside the caller's partnership.
class PartnershipViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsPartnershipMember]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn without a caller
            return self.queryset
        partnership = current_partnership(self.request)
        if partnership is None:
            raise Http404("You are not part of a partnership yet.")
        return self.scoped(partnership)


def partnership_of(view):
    """The caller's partnership, for a view or serializer writing within it."""
    return current_partnership(view.request)


class CanChange(IsPartnershipMember):
    """Writes as on the pages: officers and admins create records (Person.can_create_records), and a
    record is changed only by whom its model's `may_change(person)` allows."""

    message = "Only officers of the organisations involved, or admins, may change this."

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        return request.method != "POST" or request.user.can_create_records

    def has_object_permission(self, request, view, obj):
        return request.method in permissions.SAFE_METHODS or view.may_change(obj, request.user)


class ChoiceOfPartnership(serializers.SlugRelatedField):
    """A record named by `slug_field`, among those `choices(root serializer)` gives: the ones the caller's
    partnership (and role) allows, worked out when a request is checked."""

    def __init__(self, choices, **kwargs):
        self.allowed = choices
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.allowed(self.root)


def model_errors(record, exclude=()) -> None:
    """The model's own checks (fields, clean(), constraints) on an unsaved copy of `record`, as a
    model form makes them, said as the API's field errors."""
    try:
        record.full_clean(exclude=exclude, validate_unique=False)
    except ModelValidationError as error:
        raise serializers.ValidationError(error.message_dict) from None


def changed_copy(record, attrs: dict, many=()):
    """`record` (not saved) with `attrs` set, leaving out many-valued fields: for model_errors."""
    record = copy.copy(record)
    for name, value in attrs.items():
        if name not in many:
            setattr(record, name, value)
    return record


def clause_numbers():
    """The clauses a record serves, by number ("2.3.5")."""
    return serializers.SlugRelatedField(
        slug_field="number",
        many=True,
        read_only=True,
        help_text='The numbers of the agreement\'s clauses it serves, e.g. "2.3.5".',
    )


class CommitmentSerializer(serializers.ModelSerializer):
    agreement_version = serializers.IntegerField(
        source="agreement.version", help_text="The version of the agreement the clause belongs to."
    )
    parent = serializers.CharField(
        source="parent.number",
        default=None,
        help_text="The number of the clause it sits under, or null for a top-level clause.",
    )

    class Meta:
        model = Clause
        fields = ["id", "number", "heading", "text", "kind", "parent", "agreement_version"]
        extra_kwargs = {
            "id": {"help_text": "Accord's identifier of the clause."},
            "number": {"help_text": 'Its number in the agreement, e.g. "2.3.5".'},
            "heading": {"help_text": "Its heading in the agreement, if it has one."},
            "text": {"help_text": "Its words, as the agreement has them."},
            "kind": {"help_text": "A commitment (2.3.x) or a practice (3.x)."},
        }


@described(
    "commitment",
    "commitments",
    "The commitments (2.3.x) and practices (3.x) of the partnership's current agreement.",
)
class CommitmentViewSet(PartnershipViewSet):
    queryset = Clause.objects.none()
    serializer_class = CommitmentSerializer
    filterset_fields = ["kind"]

    def scoped(self, partnership):
        return Clause.objects.current_for(partnership).linkable().select_related("agreement", "parent")


class ConsultationResponseSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(
        source="organisation.short_name", help_text="The short name of the party consulted."
    )
    status = serializers.CharField(help_text="Whether the party has answered, and in time.")

    class Meta:
        model = ConsultationResponse
        fields = ["organisation", "status", "responded_on", "text"]
        extra_kwargs = {
            "responded_on": {"help_text": "The day the party answered, or null until it does."},
            "text": {"help_text": "The party's answer."},
        }


class ConsultationSerializer(serializers.ModelSerializer):
    consulting_organisation = serializers.CharField(
        source="consulting_organisation.short_name",
        help_text="The short name of the party that consults the others.",
    )
    commitments = clause_numbers()
    responses = ConsultationResponseSerializer(many=True, help_text="Each consulted party's answer.")

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
        extra_kwargs = {
            "id": {"help_text": "Accord's identifier of the consultation."},
            "kind": {"help_text": "What is consulted on: a strategy or plan, say."},
            "title": {"help_text": "The document or question consulted on."},
            "summary": {"help_text": "What the consultation is about, in a few sentences."},
            "link": {"help_text": "Where the document consulted on can be read."},
            "opens_on": {"help_text": "The day the consultation opened."},
            "respond_by": {"help_text": "The day by which each party is to answer."},
        }


@described(
    "consultation",
    "consultations",
    "Consultations of the other parties by one party (3.4), with each party's answer.",
)
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


# What each filter's value is, where django-filter cannot tell (it names records by id).
FILTERS = {
    "lead_organisation": "Only those led by this organisation, by its id.",
    "commitments": "Only those serving this clause, by its id (not its number).",
    "host": "Only meetings hosted by this organisation, by its id.",
    "consulting_organisation": "Only consultations by this organisation, by its id.",
    "owner_organisation": "Only actions owned for this organisation, by its id.",
    "meeting": "Only the actions of this meeting, by its id.",
    "project": "Only this project's reports, by its id.",
    "kind": "Only this kind of outcome, by its id.",
}


def document_errors(result, generator, request, public):
    """drf-spectacular hook: the answers every operation may give besides 200, so partner systems
    (and schemathesis) know them — refused callers, records not found, refused values — and what
    each filter's value is."""
    result["components"]["schemas"]["Error"] = {
        "type": "object",
        "description": "Why the request was refused.",
        "properties": {"detail": {"type": "string", "description": "The reason, in words."}},
    }
    # Rows (a project's milestones, say) have a list of each row's field errors instead of messages.
    result["components"]["schemas"]["FieldErrors"] = {
        "type": "object",
        "description": "Each field's error messages, by field name; for rows, each row's.",
        "additionalProperties": {"oneOf": [{"type": "array", "items": {}}, {"type": "object"}]},
    }
    for path, operations in result["paths"].items():
        if not path.startswith("/api/v1/") or path == "/api/v1/schema/":
            continue
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if "description" not in parameter and parameter["name"] in FILTERS:
                    parameter["description"] = FILTERS[parameter["name"]]
            responses = operation["responses"]
            responses.setdefault("401", _error("No valid API key or session."))
            responses.setdefault("403", _error("Your roles do not allow this."))
            responses.setdefault("404", _error("Not found in your partnership, or no such page of results."))
            responses.setdefault("429", _error("Too many requests: wait as long as Retry-After says."))
            if method != "get":
                responses.setdefault(
                    "400", _error("A field's value is refused; nothing saved.", "FieldErrors")
                )
            elif "{" not in path:
                responses.setdefault("400", _error("A filter's value makes no sense.", "FieldErrors"))
    return result
