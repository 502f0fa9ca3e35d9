from crispy_forms_gds.layout import Submit
from django import forms
from django.conf import settings
from django.core.validators import MinValueValidator
from django.utils import timezone

from partnership.forms import GovukFormMixin, date_field
from partnership.models import Clause, Membership, Organisation, Partnership, Person
from partnership.site import local
from partnership.templatetags import accord
from partnership.uploads import validate_document

from .models import (
    Action,
    AgendaItem,
    Decision,
    Invitation,
    Meeting,
    MeetingSeries,
    Minutes,
    Priority,
    Proposal,
    papers_due_by,
)
from .selectors import REVIEW_CLAUSES, clauses_numbered, partnership_people


def clauses_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label="Clauses of the agreement it serves (optional)",
        queryset=Clause.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def url_field() -> forms.URLField:
    return forms.URLField(
        label="Online meeting link (optional)",
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"spellcheck": "false"}),
    )


def time_field(label: str, **kwargs) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        input_formats=["%H:%M", "%H.%M"],
        help_text="Use the 24-hour clock, for example 14:30",
        error_messages={"invalid": f"Enter the {label.lower()} as hours and minutes, for example 14:30"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        **kwargs,
    )


class MeetingForm(GovukFormMixin, forms.Form):
    """A one-off meeting, or changes to any meeting: its time, place, host and named officers."""

    title = forms.CharField(max_length=200, initial="Six-monthly review")
    on = date_field("Date")
    starts = time_field("Start time")
    ends = time_field("End time")
    host = forms.ModelChoiceField(queryset=Organisation.objects.none(), empty_label=None)
    location = forms.CharField(label="Place", max_length=300, required=False)
    online_url = url_field()
    papers_due_on = date_field("Papers deadline", required=True)
    officers = forms.ModelMultipleChoiceField(
        label="Officers to invite (optional)",
        help_text="Every member of every party's board is invited anyway.",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    commitments = clauses_field()
    join_series = forms.BooleanField(
        label="This meeting is one of the six-monthly reviews in the series",
        help_text="It takes the series' meeting nearest its date, so the series does not schedule another.",
        required=False,
    )

    def __init__(self, *args, partnership: Partnership, meeting: Meeting | None = None, **kwargs):
        if meeting is not None:
            starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
            kwargs["initial"] = {
                "title": meeting.title,
                "on": starts.date(),
                "starts": starts.strftime("%H:%M"),
                "ends": ends.strftime("%H:%M"),
                "host": meeting.host_id,
                "location": meeting.location,
                "online_url": meeting.online_url,
                "papers_due_on": timezone.localtime(meeting.papers_deadline).date(),
                "officers": meeting.invitations.filter(kind=Invitation.Capacity.OFFICER).values_list(
                    "person", flat=True
                ),
                "commitments": list(meeting.commitments.values_list("pk", flat=True)),
            }
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.series = partnership.meeting_series.first() if meeting is None else None
        if self.series is None:
            del self.fields["join_series"]
        elif not self.is_bound:
            self.initial["join_series"] = True
            # A review of the series serves 3.2.1 (meet every six months) and 3.5 (review).
            self.initial["commitments"] = [c.pk for c in clauses_numbered(partnership, REVIEW_CLAUSES)]
        self.fields["commitments"].queryset = Clause.objects.served_by_decisions_and_bids(partnership)
        self.fields["papers_due_on"].help_text = "Papers are due by 5pm on this day. For example, 20 3 2027"
        self.fields["host"].queryset = partnership.parties.all()
        self.fields["officers"].queryset = Person.objects.filter(
            memberships__organisation__partnerships=partnership,
            memberships__role=Membership.Role.OFFICER,
            is_active=True,
        ).distinct()

    def clean(self):
        cleaned = super().clean()
        on, starts, ends = cleaned.get("on"), cleaned.get("starts"), cleaned.get("ends")
        if on and starts and ends:
            cleaned["starts_at"], cleaned["ends_at"] = local(on, starts), local(on, ends)
            if cleaned["ends_at"] <= cleaned["starts_at"]:
                self.add_error("ends", "The end time must be after the start time")
            moved = self.meeting is None or cleaned["starts_at"] != self.meeting.starts_at
            if moved and cleaned["starts_at"] < timezone.now():
                self.add_error("on", "The meeting must be in the future")
            papers_due_on = cleaned.get("papers_due_on")
            if papers_due_on:
                cleaned["papers_deadline"] = papers_due_by(papers_due_on)
                if cleaned["papers_deadline"] > cleaned["starts_at"]:
                    self.add_error("papers_due_on", "Papers must be due before the meeting starts")
            if cleaned.get("join_series"):
                self.take_series_slot(cleaned)
        if not cleaned.get("location") and not cleaned.get("online_url"):
            self.add_error("location", "Enter a place or an online meeting link")
        return cleaned

    def take_series_slot(self, cleaned: dict) -> None:
        cleaned["series"] = self.series
        cleaned["series_number"] = number = self.series.number_nearest(cleaned["starts_at"])
        taken = self.series.meetings.filter(series_number=number).first()
        if taken is not None:
            self.add_error(
                "join_series",
                f"The series already has its meeting for {accord.day(self.series.starts_at(number))}:"
                f" {taken}. Change or cancel that one instead",
            )

    def meeting_values(self) -> dict:
        keys = ["title", "starts_at", "ends_at", "host", "location", "online_url", "papers_deadline"]
        if self.cleaned_data.get("join_series"):
            keys += ["series", "series_number"]
        return {key: self.cleaned_data[key] for key in keys}


class CancelMeetingForm(GovukFormMixin, forms.Form):
    submit_label = "Yes, cancel the meeting"
    reason = forms.CharField(
        label="Why is it cancelled? (optional)",
        help_text="Everyone invited is told, with this reason.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.inputs = [Submit("submit", self.submit_label, css_class="govuk-button--warning")]


class MeetingSeriesForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save and schedule"
    first_on = date_field("Date of the first meeting")
    first_at = time_field("Start time")
    online_url = url_field()

    class Meta:
        model = MeetingSeries
        fields = [
            "title",
            "interval_months",
            "duration_minutes",
            "first_host",
            "location",
            "online_url",
            "papers_due_days",
        ]

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["first_host"].queryset = partnership.parties.all()
        self.fields["first_host"].empty_label = None
        for name in ["interval_months", "duration_minutes"]:
            self.fields[name].validators.append(MinValueValidator(1))
        self.order_fields(["title", "first_on", "first_at"])
        if self.instance.pk:
            first = timezone.localtime(self.instance.first_starts_at)
            self.initial.update(first_on=first.date(), first_at=first.strftime("%H:%M"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("first_on") and cleaned.get("first_at"):
            self.instance.first_starts_at = local(cleaned["first_on"], cleaned["first_at"])
        if not cleaned.get("location") and not cleaned.get("online_url"):
            self.add_error("location", "Enter a place or an online meeting link")
        return cleaned


class AgendaItemForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "description", "presenter", "project", "commitments"]
        labels = {
            "description": "Description (optional)",
            "presenter": "Presenter (optional)",
            "project": "Joint project it is about (optional)",
            "commitments": "Clauses of the agreement it serves (optional)",
        }
        widgets = {"commitments": forms.CheckboxSelectMultiple}

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = partnership_people(partnership)
        self.fields["project"].queryset = partnership.projects.order_by("title")
        self.fields["commitments"].queryset = Clause.objects.served_by_decisions_and_bids(partnership)


class PaperUploadForm(GovukFormMixin, forms.Form):
    submit_label = "Upload the paper"
    title = forms.CharField(max_length=300)
    file = forms.FileField(
        label="File",
        max_length=200,
        help_text=f"PDF, Word (DOCX), Excel (XLSX) or OpenDocument text (ODT), up to "
        f"{settings.ACCORD_MAX_UPLOAD_MB} MB.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_document(upload)
        return upload


class InvitationResponseForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Send my answer"

    class Meta:
        model = Invitation
        fields = ["response", "substitute_name"]
        labels = {"response": "Will you attend?", "substitute_name": "Who is attending in your place?"}
        widgets = {"response": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response"].choices = [c for c in Invitation.Response.choices if c[0]]
        self.fields["response"].required = True
        self.fields["response"].error_messages["required"] = "Select whether you will attend"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("response") == Invitation.Response.SUBSTITUTE and not cleaned.get("substitute_name"):
            self.add_error("substitute_name", "Enter the name of the person attending in your place")
        return cleaned


class AttendanceForm(GovukFormMixin, forms.Form):
    submit_label = "Save attendance"
    attended = forms.ModelMultipleChoiceField(
        label="Who attended?",
        queryset=Invitation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        invitations = meeting.invitations.select_related("person", "board")
        field = self.fields["attended"]
        field.queryset = invitations
        field.label_from_instance = lambda i: f"{i.person} ({i.board or i.get_kind_display()})"
        field.initial = [i.pk for i in invitations if i.attended]


class MinutesForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save the draft minutes"

    class Meta:
        model = Minutes
        fields = ["text"]
        labels = {"text": "Minutes"}
        widgets = {"text": forms.Textarea(attrs={"rows": 16})}


class ApproveMinutesForm(GovukFormMixin, forms.Form):
    submit_label = "Record the approval"
    at_meeting = forms.ModelChoiceField(
        label="Approved at", queryset=Meeting.objects.none(), empty_label=None
    )
    on = date_field("Approved on")

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at_meeting"].queryset = meeting.next_meeting()
        self.meeting = meeting

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("on") and cleaned["on"] > timezone.localdate():
            self.add_error("on", "The approval date must be today or in the past")
        return cleaned


class ActionForm(GovukFormMixin, forms.ModelForm):
    due_date = date_field("Due date")

    class Meta:
        model = Action
        fields = ["description", "agenda_item", "owner", "owner_organisation", "due_date", "status"]
        labels = {"agenda_item": "Agenda item (optional)", "owner": "Owner"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()
        self.fields["owner"].queryset = partnership_people(meeting.partnership)
        self.fields["owner_organisation"].queryset = meeting.partnership.parties.all()
        if not self.instance.pk:
            del self.fields["status"]

    def clean(self):
        cleaned = super().clean()
        owner, organisation = cleaned.get("owner"), cleaned.get("owner_organisation")
        if owner and organisation and organisation.pk not in owner.organisation_ids:
            self.add_error("owner_organisation", f"{owner} does not work for {organisation}")
        return cleaned


class PriorityForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Priority
        fields = ["title", "description", "commitments"]
        labels = {"description": "Description (optional)", "commitments": "Commitments it serves"}
        widgets = {"commitments": forms.CheckboxSelectMultiple}

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitments"].queryset = Clause.objects.served_by_decisions_and_bids(partnership)


class ProposalForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["title", "summary", "commitments", "project", "bid"]
        labels = {
            "commitments": "Commitments it serves",
            "project": "Project (optional)",
            "bid": "Funding bid (optional)",
        }
        widgets = {"commitments": forms.CheckboxSelectMultiple}

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["commitments"].queryset = Clause.objects.served_by_decisions_and_bids(partnership)
        self.fields["project"].queryset = partnership.projects.all()
        # The field's own choices are funding's bids (an app above this one): this partnership's only.
        self.fields["bid"].queryset = self.fields["bid"].queryset.for_partnership(partnership)


class DecisionForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Record the decision"
    decided_on = date_field("Date of the decision", required=False)

    class Meta:
        model = Decision
        fields = ["board", "outcome", "decided_on", "reference", "note"]
        labels = {"reference": "Reference (optional)", "note": "Note (optional)"}
        widgets = {"outcome": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, proposal: Proposal, boards, recordable, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.proposal = proposal
        board = self.fields["board"]
        # Any party’s board is a valid answer (record_decision refuses the wrong person: 403); only the
        # boards this person records for are offered.
        board.queryset = boards
        board.choices = [(b.pk, str(b)) for b in recordable]
        board.error_messages["invalid_choice"] = "Choose the board of a party to this partnership"
        self.fields[
            "decided_on"
        ].help_text = "Leave blank while the decision is pending. For example, 14 3 2027"

    def clean(self):
        cleaned = super().clean()
        outcome, decided_on = cleaned.get("outcome"), cleaned.get("decided_on")
        if outcome and outcome != Decision.Outcome.PENDING and not decided_on:
            self.add_error("decided_on", "Enter the date the board decided")
        if decided_on and decided_on > timezone.localdate():
            self.add_error("decided_on", "The date of the decision must be today or in the past")
        return cleaned

    def validate_unique(self):
        # One decision per board: recording again updates it (the service does that), so skip the check.
        pass
