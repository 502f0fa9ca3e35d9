from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory

from meetings.models import Proposal
from partnership.forms import GovukFormMixin, GovukRowForm, MoneyField, keep_lead_and_partners, lead_choices
from partnership.models import Clause, Partnership, Person
from projects.models import Project

from .models import Bid, BusinessCaseStage, FundingOpportunity, MatchFunding, Tag


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class OpportunityForm(GovukFormMixin, forms.ModelForm):
    link = forms.URLField(
        assume_scheme="https", required=False, help_text="The funder's page about it, starting https://"
    )

    class Meta:
        model = FundingOpportunity
        fields = [
            "funder",
            "name",
            "kind",
            "amount_available",
            "eligibility",
            "opens_on",
            "closes_on",
            "link",
            "tags",
            "commitments",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "opens_on": DateInput,
            "closes_on": DateInput,
            "tags": forms.CheckboxSelectMultiple,
            "commitments": forms.CheckboxSelectMultiple,
        }
        field_classes = {"amount_available": MoneyField}
        labels = {"commitments": "Commitments it could serve"}

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = FundingOpportunity.Instrument.choices
        self.fields["tags"].queryset = Tag.objects.all()
        self.fields["commitments"].queryset = Clause.objects.served_by_decisions_and_bids(partnership)
        self.instance.partnership = partnership


class BidForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Bid
        fields = [
            "opportunity",
            "title",
            "summary",
            "lead_organisation",
            "partners",
            "projects",
            "commitments",
            "amount_requested",
            "status",
            "decision_date",
            "amount_awarded",
            "feedback",
        ]
        widgets = {
            "partners": forms.CheckboxSelectMultiple,
            "projects": forms.CheckboxSelectMultiple,
            "commitments": forms.CheckboxSelectMultiple,
            "status": forms.RadioSelect,
            "decision_date": DateInput,
        }
        field_classes = {"amount_requested": MoneyField, "amount_awarded": MoneyField}
        labels = {"opportunity": "Funding opportunity"}
        help_texts = {
            "amount_requested": "In pounds.",
            "decision_date": "When the funder decided. Only for a successful or unsuccessful bid.",
            "amount_awarded": "In pounds. Only for a successful bid, with its decision date.",
        }

    def __init__(self, *args, partnership: Partnership, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        # The page's one <form> also holds the match funding and business case rows.
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.inputs = []
        self.fields["opportunity"].queryset = FundingOpportunity.objects.for_partnership(partnership)
        self.fields["lead_organisation"].queryset = lead_choices(
            partnership, person, current_lead_id=self.instance.lead_organisation_id
        )
        self.fields["partners"].queryset = partnership.parties.all()
        keep_lead_and_partners(self, person)
        # Bids fund work still to do: finished projects are not offered, unless already linked.
        projects = Project.objects.for_partnership(partnership).live()
        if self.instance.pk:
            projects = projects | Project.objects.filter(bids=self.instance)
        self.fields["projects"].queryset = projects.distinct().order_by("title")
        self.fields["commitments"].queryset = Clause.objects.served_by_decisions_and_bids(partnership)
        self.fields["status"].choices = [
            (value, Bid.Status(value).label) for value in self.instance.next_statuses()
        ]

    def clean(self):
        cleaned = super().clean()
        # An officer's own organisation always leads (lead_choices), or they cannot change the partners
        # (keep_lead_and_partners), so they cannot leave it out of the bid.
        lead, partners = cleaned.get("lead_organisation"), cleaned.get("partners")
        if lead and partners and lead in partners:
            self.add_error("partners", "The lead applicant is not also a partner; untick it.")
        return cleaned


# Rows of a bid edited on the bid's page, saved with it in one transaction.


class MatchFundingRowForm(GovukRowForm):
    class Meta:
        model = MatchFunding
        fields = ["organisation", "kind", "amount"]
        widgets = {"kind": forms.RadioSelect}
        field_classes = {"amount": MoneyField}
        help_texts = {"amount": "In pounds."}

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partnership.parties.all()
        self.fields["kind"].choices = MatchFunding.CashOrInKind.choices
        self.helper.layout = Layout("organisation", Field.radios("kind", small=True, inline=True), "amount")
        self.helper.render_unmentioned_fields = True  # the row's id and its Delete box


class ProposalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, proposal):
        return f"{proposal.title} ({Proposal.Status(proposal.status).label.lower()})"


class BusinessCaseStageRowForm(GovukRowForm):
    class Meta:
        model = BusinessCaseStage
        fields = ["stage", "date", "decision"]
        field_classes = {"decision": ProposalChoiceField}
        widgets = {"date": DateInput}

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = Proposal.objects.filter(partnership=partnership).with_status()

    def clean_decision(self):
        decision = self.cleaned_data["decision"]
        if decision is not None and decision.status != Proposal.Status.AGREED:
            raise forms.ValidationError("Choose a proposal every board has agreed.")
        return decision


class RowFormSet(BaseInlineFormSet):
    def __init__(self, *args, partnership: Partnership, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "partnership": self.partnership}

    def kept_forms(self):
        """The rows that will be saved: not deleted, and not left empty."""
        return [f for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]

    def errors_for_summary(self) -> list[tuple[str, str]]:
        """(field id, message) for the GOV.UK error summary, across every row."""
        found = [(self.prefix, e) for e in self.non_form_errors()]
        for form in self.forms:
            for name, messages in form.errors.items():
                field_id = form[name].auto_id if name in form.fields else ""
                found += [(field_id, message) for message in messages]
        return found


class BusinessCaseStageFormSet(RowFormSet):
    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        stages = sorted(
            (f.cleaned_data["stage"], f.cleaned_data["date"]) for f in self.kept_forms() if f.cleaned_data
        )
        # The Green Book's order: an outline case builds on the strategic one, a full case on the outline.
        if [s for s, _ in stages] != list(range(1, len(stages) + 1)):
            raise forms.ValidationError(
                "Record the stages in order: a strategic outline case before an outline business case, "
                "and that before a full business case."
            )
        dates = [d for _, d in stages]
        if dates != sorted(dates):
            raise forms.ValidationError("Each stage's date must be on or after the previous stage's date.")


MatchFundingFormSet = inlineformset_factory(
    Bid, MatchFunding, form=MatchFundingRowForm, formset=RowFormSet, extra=2, can_delete=True
)
StageFormSet = inlineformset_factory(
    Bid,
    BusinessCaseStage,
    form=BusinessCaseStageRowForm,
    formset=BusinessCaseStageFormSet,
    extra=1,
    max_num=3,
    can_delete=True,
)
