"""The API's joint projects, with their milestones, contributions and outcome targets, and the outcomes
they report. An organisation's own systems create and update its projects here, with the permissions,
checks and history of the project pages."""

from rest_framework import mixins, serializers

from partnership.api import (
    CanChange,
    ChoiceOfPartnership,
    PartnershipViewSet,
    changed_copy,
    described,
    model_errors,
    partnership_of,
)
from partnership.forms import lead_choices
from partnership.models import Clause, Organisation

from .models import Contribution, Milestone, OutcomeKind, OutcomeReport, OutcomeTarget, Place, Project
from .services import save_project


def partnership(serializer):
    return partnership_of(serializer.context["view"])


def parties(serializer):
    return partnership(serializer).parties.all()


ROW_ID = "Accord's identifier of the row. Give it to change that row; leave it out to add one."


class RowSerializer(serializers.ModelSerializer):
    """A row of a project, always given whole, in an update too (a PATCH of the project is partial
    only in the project's own fields), and checked as its model checks it."""

    id = serializers.IntegerField(required=False, help_text=ROW_ID)

    def validate(self, attrs):
        missing = [name for name, field in self.fields.items() if field.required and name not in attrs]
        if missing:
            raise serializers.ValidationError(dict.fromkeys(missing, "This field is required."))
        fields = {name: value for name, value in attrs.items() if name != "id"}
        model_errors(self.Meta.model(**fields), exclude=["project"])
        return attrs


class MilestoneSerializer(RowSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "due_date", "done_on"]
        extra_kwargs = {
            "title": {"help_text": "What is to be achieved."},
            "due_date": {"help_text": "The day it is due."},
            "done_on": {"help_text": "The day it was done, or null until it is."},
        }


class ContributionSerializer(RowSerializer):
    organisation = ChoiceOfPartnership(
        parties,
        slug_field="short_name",
        queryset=Organisation.objects.none(),
        help_text="The short name of the contributing party.",
    )

    class Meta:
        model = Contribution
        fields = ["id", "organisation", "kind", "amount", "description"]
        extra_kwargs = {
            "kind": {"help_text": "Cash, or in kind (staff time, land, buildings)."},
            "amount": {"help_text": "In pounds, as a decimal string."},
            "description": {"help_text": "What is contributed, in a few words."},
        }


class OutcomeTargetSerializer(RowSerializer):
    kind = ChoiceOfPartnership(
        lambda s: OutcomeKind.objects.filter(partnership=partnership(s)),
        slug_field="name",
        queryset=OutcomeKind.objects.none(),
        help_text='The name of one of the partnership\'s kinds of outcome, e.g. "Homes delivered".',
    )

    class Meta:
        model = OutcomeTarget
        fields = ["id", "kind", "target"]
        extra_kwargs = {"target": {"help_text": "What the project means to achieve of it in all."}}


ROWS_SET = (
    " When given, they become exactly these: a row with the id of one of the project's rows changes it, "
    "a row without an id is added, and rows left out are removed. Leave the field out to keep them."
)


class ProjectSerializer(serializers.ModelSerializer):
    lead_organisation = ChoiceOfPartnership(
        lambda s: lead_choices(
            partnership(s), s.context["request"].user, getattr(s.instance, "lead_organisation_id", None)
        ),
        slug_field="short_name",
        queryset=Organisation.objects.none(),
        error_messages={
            "does_not_exist": "You may lead projects only for your own organisation, not {value}."
        },
        help_text="The short name of the party that leads it. Officers name their own organisation.",
    )
    partners = ChoiceOfPartnership(
        parties,
        slug_field="short_name",
        many=True,
        required=False,
        queryset=Organisation.objects.none(),
        help_text="The short names of the other parties delivering it with the lead.",
    )
    places = ChoiceOfPartnership(
        lambda s: Place.objects.all(),
        slug_field="name",
        many=True,
        required=False,
        queryset=Place.objects.none(),
        help_text="The names of the local authority districts it works in.",
    )
    commitments = ChoiceOfPartnership(
        lambda s: Clause.objects.delivered_by_projects(partnership(s)),
        slug_field="number",
        many=True,
        allow_empty=False,
        queryset=Clause.objects.none(),
        help_text='The numbers of the agreement\'s commitments it delivers, at least one, e.g. "2.3.5".',
    )
    milestones = MilestoneSerializer(many=True, required=False, help_text="Its milestones." + ROWS_SET)
    contributions = ContributionSerializer(
        many=True, required=False, help_text="What each party puts in." + ROWS_SET
    )
    outcome_targets = OutcomeTargetSerializer(
        many=True, required=False, help_text="What it means to achieve, per kind of outcome." + ROWS_SET
    )

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
            "budget",
            "milestones",
            "contributions",
            "outcome_targets",
        ]
        extra_kwargs = {
            "id": {"help_text": "Accord's identifier of the project."},
            "title": {"help_text": "The project's title."},
            "summary": {"help_text": "What the project does, in a few sentences."},
            "sector": {"help_text": "The sector it serves."},
            "status": {
                "help_text": "Where it has got to. It moves forward through delivery, may pause and resume, "
                "and may close early; a new project may start at any status."
            },
            "rag": {"help_text": "Its RAG rating: red, amber or green."},
            "rag_reason": {"help_text": "Why it is rated red or amber; needed for those ratings."},
            "start_date": {"help_text": "The day it starts, or null if not yet known."},
            "end_date": {"help_text": "The day it ends, on or after the start, or null."},
            "budget": {"help_text": "The whole budget in pounds, as a decimal string, or null."},
        }

    def validate(self, attrs):
        lead = attrs.get("lead_organisation", getattr(self.instance, "lead_organisation", None))
        if lead in attrs.get("partners", []):
            raise serializers.ValidationError({"partners": "The lead organisation is not also a partner."})
        for kind in ("milestones", "contributions", "outcome_targets"):
            self.check_rows(kind, attrs.get(kind))
        model_errors(changed_copy(self.instance or Project(partnership=partnership(self)), attrs, ROWS))
        return attrs

    def check_rows(self, kind: str, rows: list[dict] | None) -> None:
        """Rows named by id are the project's own; at most one target per kind of outcome."""
        if rows is None:
            return
        own = set(getattr(self.instance, kind).values_list("pk", flat=True)) if self.instance else set()
        errors = [
            {"id": [f"This project has no such row ({row['id']})."]}
            if row.get("id", None) not in own | {None}
            else {}
            for row in rows
        ]
        if kind == "outcome_targets":
            kinds = [row["kind"].pk for row in rows]
            errors = [
                error
                or ({"kind": ["This outcome has a target already."]} if kinds[:i].count(kinds[i]) else {})
                for i, error in enumerate(errors)
            ]
        if any(errors):
            raise serializers.ValidationError({kind: errors})


ROWS = {"partners", "places", "commitments", "milestones", "contributions", "outcome_targets"}


@described(
    "project",
    "projects",
    "The partnership's joint projects (2.3.5), with their milestones, contributions and outcome targets.",
    create="Creates a project, with any of its milestones, contributions and outcome targets, as an "
    "officer or admin does on the projects page. Officers lead projects for their own organisation. "
    "Everything is checked first: a refused field is a 400 naming it, and nothing is saved.",
    partial_update="Changes the fields given, and replaces any kind of rows given. Officers of the lead "
    "or a partner organisation, and admins, may change a project; anyone else is refused (403). Only the "
    "lead's officers change the lead and partners.",
)
class ProjectViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, PartnershipViewSet):
    queryset = Project.objects.none()
    serializer_class = ProjectSerializer
    permission_classes = [CanChange]
    filterset_fields = ["sector", "status", "rag", "lead_organisation", "commitments"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def scoped(self, partnership):
        return (
            Project.objects.for_partnership(partnership)
            .select_related("lead_organisation")
            .prefetch_related(
                "partners",
                "places",
                "commitments",
                "milestones",
                "contributions__organisation",
                "outcome_targets__kind",
            )
            .order_by("pk")
        )

    def may_change(self, project, person):
        return project.can_edit(person)

    def perform_create(self, serializer):
        project = save_project(
            None, partnership=partnership_of(self), by=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.scoped(project.partnership).get(pk=project.pk)

    def perform_update(self, serializer):
        project = save_project(
            serializer.instance,
            partnership=partnership_of(self),
            by=self.request.user,
            **serializer.validated_data,
        )
        serializer.instance = self.scoped(project.partnership).get(pk=project.pk)


class OutcomeSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="kind.name", help_text="The kind of outcome, e.g. homes delivered.")
    unit = serializers.CharField(source="kind.unit", help_text='What it is counted in; "GBP" for pounds.')

    class Meta:
        model = OutcomeReport
        fields = ["id", "project", "kind", "unit", "period_start", "period_end", "actual"]
        extra_kwargs = {
            "id": {"help_text": "Accord's identifier of the report."},
            "project": {"help_text": "The id of the project that reports it."},
            "period_start": {"help_text": "The first day of the reporting period."},
            "period_end": {"help_text": "The last day of the reporting period."},
            "actual": {"help_text": "What was achieved in the period, in the unit, as a decimal string."},
        }


@described("outcome report", "outcome reports", "What each project achieved, per kind of outcome and period.")
class OutcomeViewSet(PartnershipViewSet):
    queryset = OutcomeReport.objects.none()
    serializer_class = OutcomeSerializer
    filterset_fields = ["project", "kind"]

    def scoped(self, partnership):
        return (
            OutcomeReport.objects.filter(project__partnership=partnership)
            .select_related("kind")
            .order_by("pk")
        )
