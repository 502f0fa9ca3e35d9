from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory

from partnership.forms import (
    GovukFormMixin,
    GovukRowForm,
    MoneyField,
    date_field,
    keep_lead_and_partners,
    lead_choices,
)
from partnership.models import Clause, Partnership, Person

from .models import (
    Contribution,
    Milestone,
    OutcomeKind,
    OutcomeReport,
    OutcomeTarget,
    Place,
    Project,
    ProjectUpdate,
)
from .services import DUPLICATE_OUTCOME_KIND


class ProjectForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = [
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
        ]
        widgets = {
            "partners": forms.CheckboxSelectMultiple,
            "places": forms.CheckboxSelectMultiple,
            "commitments": forms.CheckboxSelectMultiple,
            "rag": forms.RadioSelect,
        }
        field_classes = {"budget": MoneyField}
        labels = {"rag": "RAG rating"}
        error_messages = {
            "title": {"required": "Enter the project's title"},
            "lead_organisation": {"required": "Select the organisation that leads the project"},
            "sector": {"required": "Select the project's sector"},
            "commitments": {"required": "Select at least one commitment the project delivers"},
        }

    start_date = date_field("Start date", required=False)
    end_date = date_field("End date", required=False)

    def __init__(self, *args, partnership: Partnership, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = lead_choices(
            partnership, person, current_lead_id=self.instance.lead_organisation_id
        )
        self.fields["partners"].queryset = partnership.parties.all()
        keep_lead_and_partners(self, person)
        self.fields["commitments"].queryset = Clause.objects.delivered_by_projects(partnership)
        self.fields["commitments"].help_text = "Choose at least one."
        self.fields["places"].queryset = Place.objects.all()
        self.fields["status"].choices = [
            (value, Project.Status(value).label) for value in self.instance.next_statuses()
        ]
        self.instance.partnership = partnership

    def clean(self):
        cleaned = super().clean()
        lead, partners = cleaned.get("lead_organisation"), cleaned.get("partners")
        if lead and partners and lead in partners:
            self.add_error("partners", "The lead organisation is not also a partner; untick it.")
        return cleaned


class ImportForm(GovukFormMixin, forms.Form):
    submit_label = "Check the file"
    file = forms.FileField(
        label="Spreadsheet of projects",
        help_text="A CSV or Excel (.xlsx) file with one project a row, laid out like the template.",
    )


class OutcomeKindForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = OutcomeKind
        fields = ["name", "unit"]
        error_messages = {
            "name": {
                "required": "Enter the name of the outcome",
            },
            "unit": {"required": "Enter what it is counted in"},
        }

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    def clean_name(self) -> str:
        # The name is unique within a partnership, which is not a field of the form, so said here.
        name = self.cleaned_data["name"]
        kinds = OutcomeKind.objects.filter(partnership=self.partnership, name=name)
        if kinds.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(DUPLICATE_OUTCOME_KIND)
        return name


class ProjectUpdateForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Add the update"

    class Meta:
        model = ProjectUpdate
        fields = ["written_on", "text"]
        labels = {"text": "What has happened"}
        error_messages = {"text": {"required": "Enter what has happened"}}

    written_on = date_field("Date of the update")


class OutcomeReportForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Record the outcome"

    class Meta:
        model = OutcomeReport
        fields = ["kind", "period_start", "period_end", "actual"]
        field_classes = {"actual": MoneyField}
        labels = {"kind": "Outcome", "actual": "Achieved in the period"}
        error_messages = {
            "kind": {"required": "Select the outcome"},
            "actual": {"required": "Enter what was achieved in the period"},
        }

    period_start = date_field("Reporting period starts")
    period_end = date_field("Reporting period ends")

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = OutcomeKind.objects.filter(partnership=partnership)

    def validate_unique(self):
        # The project is set by the view; check the period is new for it here, as a field error.
        super().validate_unique()
        data = self.cleaned_data
        if (
            self.instance.project_id
            and data.get("kind")
            and data.get("period_start")
            and OutcomeReport.objects.filter(
                project_id=self.instance.project_id, kind=data["kind"], period_start=data["period_start"]
            )
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error(
                "period_start", "This outcome already has a report for a period starting that day."
            )


# Rows of a project edited together on one page, saved in one transaction.


class MilestoneRowForm(GovukRowForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date", "done_on"]
        error_messages = {"title": {"required": "Enter the milestone's title"}}

    due_date = date_field("Due date")
    done_on = date_field("Done on", required=False, help_text="Leave empty until it is done.")


class ContributionRowForm(GovukRowForm):
    class Meta:
        model = Contribution
        fields = ["organisation", "kind", "amount", "description"]
        widgets = {"kind": forms.RadioSelect}
        field_classes = {"amount": MoneyField}
        error_messages = {
            "organisation": {"required": "Select the organisation contributing"},
            "amount": {"required": "Enter the amount in pounds"},
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["kind"].choices = Contribution.CashOrInKind.choices


class OutcomeTargetRowForm(GovukRowForm):
    class Meta:
        model = OutcomeTarget
        fields = ["kind", "target"]
        field_classes = {"target": MoneyField}
        labels = {"kind": "Outcome"}
        error_messages = {
            "kind": {"required": "Select the outcome"},
            "target": {"required": "Enter the target"},
        }

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = OutcomeKind.objects.filter(partnership=partnership)


class RowFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this row"


def row_formset(form, formset=RowFormSet, extra=3):
    model = form._meta.model
    return inlineformset_factory(
        Project, model, form=form, formset=formset, extra=extra, can_delete=True, can_delete_extra=False
    )


MilestoneFormSet = row_formset(MilestoneRowForm)
ContributionFormSet = row_formset(ContributionRowForm)
OutcomeTargetFormSet = row_formset(OutcomeTargetRowForm)
