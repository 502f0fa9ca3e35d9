from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from .models import Board, Membership, Organisation, Person


def govuk_helper(submit_label: str = "Save") -> FormHelper:
    """A GOV.UK form: errors go to the summary above the heading, one primary button."""
    helper = FormHelper()
    helper.add_input(Submit("submit", submit_label))
    return helper


class GovukFormMixin:
    submit_label = "Save"
    # GOV.UK validates on the server and shows every error in the summary, not the browser's bubbles.
    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(self.submit_label)


class SignInForm(GovukFormMixin, AuthenticationForm):
    submit_label = "Sign in"
    username = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    error_messages = {
        "invalid_login": "Enter the email address and password of an Accord account. Both are case-sensitive.",
        "inactive": "This account is no longer active. Ask a partnership admin to restore it.",
    }


class AccordPasswordResetForm(GovukFormMixin, PasswordResetForm):
    submit_label = "Send the reset link"


class AccordSetPasswordForm(GovukFormMixin, SetPasswordForm):
    submit_label = "Set the new password"


class OrganisationForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind"]


class BoardForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Board
        fields = ["name", "secretary", "quorum"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The secretary records the board's decisions, so must be one of the organisation's people.
        self.fields["secretary"].queryset = Person.objects.filter(
            memberships__organisation=self.instance.organisation
        ).distinct()
        self.fields["quorum"].min_value = 1


class ProfileForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "job_title"]


class PersonForm(GovukFormMixin, forms.ModelForm):
    """A person and their roles at each party, edited together by a partnership admin."""

    class Meta:
        model = Person
        fields = ["first_name", "last_name", "email", "job_title", "is_active"]
        labels = {"is_active": "Can sign in"}
        help_texts = {"is_active": "Untick to stop them signing in. Their records and history stay."}

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.organisations = list(organisations)
        current = {}
        if self.instance.pk:
            for organisation_id, role in self.instance.memberships.values_list("organisation_id", "role"):
                current.setdefault(organisation_id, []).append(role)
        for organisation in self.organisations:
            self.fields[self.roles_field(organisation)] = forms.MultipleChoiceField(
                label=f"Roles at {organisation.name}",
                choices=Membership.Role.choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                initial=current.get(organisation.pk, []),
            )

    @staticmethod
    def roles_field(organisation: Organisation) -> str:
        return f"roles_{organisation.pk}"

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if Person.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Another person already signs in with this email address.")
        return email

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(self.roles_field(o)) for o in self.organisations):
            raise forms.ValidationError("Give the person at least one role at one of the parties.")
        return cleaned

    def roles(self) -> dict[Organisation, list[str]]:
        return {o: self.cleaned_data.get(self.roles_field(o), []) for o in self.organisations}
