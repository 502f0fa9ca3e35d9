"""The API's six-monthly reviews, each board's decisions on proposals (3.1), and the actions agreed at
meetings, which an organisation's own systems may add and keep up to date."""

from rest_framework import mixins, serializers

from partnership.api import (
    CanChange,
    ChoiceOfPartnership,
    PartnershipViewSet,
    changed_copy,
    clause_numbers,
    described,
    model_errors,
    partnership_of,
)
from partnership.models import Organisation, Person

from .models import Action, Decision, Meeting, Proposal
from .selectors import partnership_people
from .services import add_action, update_action


class MeetingSerializer(serializers.ModelSerializer):
    host = serializers.CharField(source="host.short_name", help_text="The short name of the hosting party.")

    class Meta:
        model = Meeting
        fields = ["id", "title", "starts_at", "ends_at", "location", "host", "papers_deadline", "status"]
        extra_kwargs = {
            "id": {"help_text": "Accord's identifier of the meeting."},
            "title": {"help_text": "The meeting's title."},
            "starts_at": {"help_text": "When it starts, with the UTC offset."},
            "ends_at": {"help_text": "When it ends, with the UTC offset."},
            "location": {"help_text": "Where it is held, if in person."},
            "papers_deadline": {"help_text": "When papers for it are due."},
            "status": {"help_text": "Scheduled, held or cancelled."},
        }


@described("meeting", "meetings", "The partnership's six-monthly reviews and other meetings of its parties.")
class MeetingViewSet(PartnershipViewSet):
    queryset = Meeting.objects.none()
    serializer_class = MeetingSerializer
    filterset_fields = ["status", "host"]

    def scoped(self, partnership):
        return Meeting.objects.filter(partnership=partnership).select_related("host").order_by("pk")


class DecisionSerializer(serializers.ModelSerializer):
    board = serializers.CharField(
        source="board.organisation.short_name", help_text="The short name of the party whose board decides."
    )

    class Meta:
        model = Decision
        fields = ["board", "outcome", "decided_on", "reference"]
        extra_kwargs = {
            "outcome": {"help_text": "The board's decision, or pending until it decides."},
            "decided_on": {"help_text": "The day the board decided, or null."},
            "reference": {"help_text": "The board's own minute or decision number."},
        }


class ProposalSerializer(serializers.ModelSerializer):
    status = serializers.CharField(
        help_text="agreed when every party's board approved, blocked when one rejected, else pending."
    )
    commitments = clause_numbers()
    decisions = DecisionSerializer(many=True, help_text="Each board's decision so far.")

    class Meta:
        model = Proposal
        fields = ["id", "title", "summary", "project", "bid", "commitments", "status", "decisions"]
        extra_kwargs = {
            "id": {"help_text": "Accord's identifier of the proposal."},
            "title": {"help_text": "What is proposed."},
            "summary": {"help_text": "The proposal in a few sentences."},
            "project": {"help_text": "The id of the project it is about, if any."},
            "bid": {"help_text": "The id of the funding bid it is about, if any."},
        }


@described(
    "proposal",
    "proposals",
    "Proposals put to every party's board (3.1), with each board's decision and the status they give.",
)
class DecisionViewSet(PartnershipViewSet):
    queryset = Proposal.objects.none()
    serializer_class = ProposalSerializer

    def scoped(self, partnership):
        return (
            Proposal.objects.filter(partnership=partnership)
            .with_status()
            .prefetch_related("commitments", "decisions__board__organisation")
            .order_by("pk")
        )


class ActionSerializer(serializers.ModelSerializer):
    meeting = ChoiceOfPartnership(
        lambda s: Meeting.objects.filter(partnership=partnership_of(s.context["view"])),
        slug_field="id",
        queryset=Meeting.objects.none(),
        help_text="The id of the meeting that agreed the action; it stays with that meeting.",
    )
    agenda_item = serializers.PrimaryKeyRelatedField(
        queryset=Action.agenda_item.get_queryset(),
        allow_null=True,
        required=False,
        help_text="The id of the meeting's agenda item it came from, or null.",
    )
    owner = ChoiceOfPartnership(
        lambda s: partnership_people(partnership_of(s.context["view"])),
        slug_field="email",
        queryset=Person.objects.none(),
        help_text="The email address of the person who carries it out.",
    )
    owner_organisation = ChoiceOfPartnership(
        lambda s: partnership_of(s.context["view"]).parties.all(),
        slug_field="short_name",
        queryset=Organisation.objects.none(),
        help_text="The short name of the owner's organisation, a party of the partnership.",
    )

    class Meta:
        model = Action
        fields = [
            "id",
            "meeting",
            "agenda_item",
            "description",
            "owner",
            "owner_organisation",
            "due_date",
            "status",
        ]
        extra_kwargs = {
            "id": {"help_text": "Accord's identifier of the action."},
            "description": {"help_text": "What is to be done."},
            "due_date": {"help_text": "The day it is due."},
            "status": {"help_text": "Open, in progress, done, or dropped (no longer needed)."},
        }

    def validate(self, attrs):
        action = self.instance or Action()
        meeting = attrs.get("meeting", getattr(action, "meeting", None))
        if self.instance and meeting != self.instance.meeting:
            raise serializers.ValidationError({"meeting": "An action stays with the meeting that agreed it."})
        item = attrs.get("agenda_item", action.agenda_item)
        if item is not None and item.meeting_id != meeting.pk:
            raise serializers.ValidationError({"agenda_item": "That is not an item of the action's meeting."})
        owner = attrs.get("owner", getattr(action, "owner", None))
        organisation = attrs.get("owner_organisation", getattr(action, "owner_organisation", None))
        if organisation.pk not in owner.organisation_ids:
            raise serializers.ValidationError(
                {"owner_organisation": f"{owner} does not work for {organisation}."}
            )
        model_errors(changed_copy(action, attrs))
        return attrs


@described(
    "action",
    "actions",
    "The actions agreed at meetings: who carries each out, for which party, by when, and how far it has got.",
    create="Adds an action to a meeting's log, as an officer or admin does on the meeting's page. "
    "The owner must work for the organisation named.",
    partial_update="Changes an action, most often its status as the work goes on. Its owner, officers "
    "of the owner's organisation and admins may do so; anyone else is refused (403).",
)
class ActionViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, PartnershipViewSet):
    queryset = Action.objects.none()
    serializer_class = ActionSerializer
    permission_classes = [CanChange]
    filterset_fields = ["status", "meeting", "owner_organisation"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def scoped(self, partnership):
        return (
            Action.objects.filter(meeting__partnership=partnership)
            .select_related("owner", "owner_organisation")
            .order_by("pk")
        )

    def may_change(self, action, person):
        return action.may_edit(person)

    def perform_create(self, serializer):
        values = dict(serializer.validated_data)
        serializer.instance = add_action(values.pop("meeting"), by=self.request.user, **values)

    def perform_update(self, serializer):
        serializer.instance = update_action(
            serializer.instance, by=self.request.user, **serializer.validated_data
        )
