import base64
import binascii
import hashlib
from datetime import date

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from .agreement_text import AgreementText, AgreementTextError, parse_agreement
from .bounds import plain_amount, validate_date, validate_money
from .models import (
    Agreement,
    Board,
    Clause,
    Consultation,
    ConsultationResponse,
    Evidence,
    Membership,
    Organisation,
    Partnership,
    Person,
    Signature,
)
from .services import (
    check_amendment,
    check_email_free,
    check_not_consulting_itself,
    check_signing_date,
    within_hourly_limit,
)
from .site import client_address
from .uploads import ACCEPT


def lead_choices(partnership: Partnership, person: Person, current_lead_id: int | None = None):
    """The parties a person may lead a project or bid for: their own organisations as an officer, any
    party as an admin. A record’s current lead stays valid for a partner’s officer, who sees it disabled."""
    parties = partnership.parties.all()
    if person.is_partnership_admin:
        return parties
    return parties.filter(
        Q(memberships__person=person, memberships__role=Membership.Role.OFFICER) | Q(pk=current_lead_id)
    ).distinct()


def keep_lead_and_partners(form: forms.ModelForm, person: Person) -> None:
    """A partner's officer sees the lead and partners but cannot change them (Person.can_change_lead_of):
    the lead is disabled, so the record's own lead is kept whatever is posted, and the partners field is
    left out (GOV.UK checkboxes cannot be disabled), so they are named in the lead's hint instead."""
    if person.can_change_lead_of(form.instance.lead_organisation_id):
        return
    lead = form.fields["lead_organisation"]
    lead.disabled = True
    partners = ", ".join(str(p) for p in form.instance.partners.all()) or "none"
    lead.help_text = (
        f"Partners: {partners}. Only the lead organisation’s officers change the lead and partners."
    )
    del form.fields["partners"]


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


class FilterForm(GovukFormMixin, forms.Form):
    """The form of every list's filters (a FilterSet's Meta.form): asked by GET, GOV.UK fields."""

    submit_label = "Apply filters"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"


class GovukRowForm(forms.ModelForm):
    """One row of a formset inside a bigger GOV.UK form: no form tag or token of its own."""

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


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

    def save(self, **kwargs):
        """Sends the link unless this client or this address asked too often in the past hour. The
        page that follows is the same either way, so it tells nobody whether an account exists."""
        client = client_address(kwargs["request"])
        address = hashlib.sha256(self.cleaned_data["email"].lower().encode()).hexdigest()
        if within_hourly_limit(
            f"password-reset:client:{client}", settings.ACCORD_PASSWORD_RESETS_PER_CLIENT_PER_HOUR
        ) and within_hourly_limit(
            f"password-reset:address:{address}", settings.ACCORD_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR
        ):
            super().save(**kwargs)


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
        error_messages = {
            "first_name": {"required": "Enter your first name"},
            "last_name": {"required": "Enter your last name"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True


class EmailChangeForm(GovukFormMixin, forms.Form):
    """The address a person wants to sign in with; their password first, so an unattended session
    cannot hand the account to someone else."""

    submit_label = "Send the confirmation link"
    email = forms.EmailField(
        label="New email address",
        help_text="We will send a link to it. Your address changes when you open the link.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label="Your current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if email == self.person.email.lower():
            raise ValidationError("This is already your email address. Enter a different one.")
        check_email_free(email, person=self.person)
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.person.check_password(password):
            raise ValidationError("Enter your current password")
        return password


class PersonForm(GovukFormMixin, forms.ModelForm):
    """A person and their roles at each party, edited together by a partnership admin. Only the
    person changes their own email address (EmailChangeForm): an admin gives it once, when adding them.
    Roles at a party are given and taken by that party's own admins."""

    class Meta:
        model = Person
        fields = ["first_name", "last_name", "email", "job_title", "is_active"]
        labels = {"is_active": "Can sign in"}
        help_texts = {"is_active": "Untick to stop them signing in. Their records and history stay."}

    def __init__(self, *args, organisations, managed, editor: Person, **kwargs):
        super().__init__(*args, **kwargs)
        # An admin editing themselves could lock everyone, themselves included, out of this page.
        self.editing_themselves = self.instance.pk is not None and self.instance.pk == editor.pk
        self.admin_at: set[int] = set()
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        if self.instance.pk:
            del self.fields["email"]
        self.organisations = list(organisations)
        current = {}
        if self.instance.pk:
            for organisation_id, role in self.instance.memberships.values_list("organisation_id", "role"):
                current.setdefault(organisation_id, []).append(role)
                if role == Membership.Role.PARTNERSHIP_ADMIN:
                    self.admin_at.add(organisation_id)
        for organisation in self.organisations:
            others = organisation not in managed
            self.fields[self.roles_field(organisation)] = forms.MultipleChoiceField(
                label=f"Roles at {organisation.name}",
                choices=Membership.Role.choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                initial=current.get(organisation.pk, []),
                # A disabled field keeps the person's roles there whatever is posted.
                disabled=others,
                help_text=f"Only {organisation.short_name}’s admins change these." if others else "",
            )
        if self.instance.pk and not set(current) <= {o.pk for o in managed}:
            is_active = self.fields["is_active"]
            is_active.disabled = True
            is_active.help_text = "Only the admins of every party they belong to stop them signing in."

    @staticmethod
    def roles_field(organisation: Organisation) -> str:
        return f"roles_{organisation.pk}"

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        check_email_free(email, person=None)
        return email

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(self.roles_field(o)) for o in self.organisations):
            raise forms.ValidationError("Give the person at least one role at one of the parties.")
        if self.editing_themselves:
            self._keep_own_access(cleaned)
        return cleaned

    def _keep_own_access(self, cleaned: dict) -> None:
        if "is_active" in cleaned and not cleaned["is_active"]:
            self.add_error("is_active", "You cannot stop yourself signing in. Ask another admin to do it.")
        for organisation in self.organisations:
            field = self.roles_field(organisation)
            roles = cleaned.get(field)  # None when the field itself was refused
            dropped = roles is not None and Membership.Role.PARTNERSHIP_ADMIN not in roles
            if organisation.pk in self.admin_at and dropped:
                self.add_error(
                    field,
                    f"You cannot remove your own admin role at {organisation.short_name}. "
                    "Ask another admin to do it.",
                )

    def roles(self) -> dict[Organisation, list[str]]:
        return {o: self.cleaned_data.get(self.roles_field(o), []) for o in self.organisations}


class GovukDateField(DateInputField):
    """GOV.UK's day, month and year boxes, with one plain message for a date that does not exist."""

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            return date(int(year), int(month), int(day))
        except (ValueError, OverflowError) as error:
            raise forms.ValidationError("Enter a real date, for example 27 3 2027") from error


def date_field(label: str, **kwargs) -> GovukDateField:
    """The GOV.UK date input: day, month and year in separate boxes, within the years Accord handles."""
    kwargs.setdefault("help_text", "For example, 27 3 2027")
    return GovukDateField(label=label, validators=[validate_date], **kwargs)


class MoneyField(forms.DecimalField):
    """An amount in pounds and pence; “£” and thousands commas are allowed as people type them."""

    widget = forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"})
    default_error_messages = {"invalid": "Enter an amount in pounds, for example 250000"}

    def __init__(self, **kwargs):
        for bound in ("max_digits", "decimal_places", "max_value", "min_value"):
            kwargs.pop(bound, None)  # validate_money says it in the partnership's words
        super().__init__(validators=[validate_money], **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = plain_amount(value)
        return super().to_python(value)


def document_field(label: str, **kwargs) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        help_text="A PDF, DOCX, XLSX or ODT file.",
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        **kwargs,
    )


def commitments_field(partnership) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label="Clauses of the agreement it serves",
        queryset=Clause.objects.current_for(partnership).linkable(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def organisations_person_acts_for(person, partnership):
    """The parties a person may create records for: all of them for admins, else where they are officers."""
    parties = partnership.parties.all()
    if person.is_partnership_admin:
        return parties
    return parties.filter(memberships__person=person, memberships__role=Membership.Role.OFFICER).distinct()


class ConsultationForm(GovukFormMixin, forms.ModelForm):
    """3.4: a party consults the others on a strategic document."""

    opens_on = date_field("Opening date")
    respond_by = date_field("Response deadline")
    document = document_field("The document")

    class Meta:
        model = Consultation
        fields = [
            "consulting_organisation",
            "kind",
            "title",
            "summary",
            "document",
            "link",
            "opens_on",
            "respond_by",
            "commitments",
        ]
        labels = {"consulting_organisation": "Consulting party", "kind": "Kind of document"}
        help_texts = {"link": "Where the document is published, if it is not uploaded."}

    def __init__(self, *args, partnership, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consulting_organisation"].queryset = organisations_person_acts_for(person, partnership)
        self.fields["commitments"] = commitments_field(partnership)
        if self.instance.pk:
            del self.fields["consulting_organisation"]
        else:
            self.fields["consulted"] = forms.ModelMultipleChoiceField(
                label="Parties consulted",
                queryset=partnership.parties.all(),
                widget=forms.CheckboxSelectMultiple,
                help_text="Their boards are notified now and reminded until they respond.",
                error_messages={"required": "Select the parties you are consulting"},
            )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("document") and not cleaned.get("link") and not self.instance.document:
            self.add_error("document", "Upload the document or give a link to it")
        opens_on, respond_by = cleaned.get("opens_on"), cleaned.get("respond_by")
        if opens_on and respond_by and respond_by < opens_on:
            self.add_error("respond_by", "The response deadline must be on or after the opening date")
        try:
            check_not_consulting_itself(
                cleaned.get("consulting_organisation"), cleaned.get("consulted") or []
            )
        except ValidationError as refused:
            self.add_error("consulted", refused)
        return cleaned


class ConsultationResponseForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Record the response"
    responded_on = date_field("Date of the response")
    attachment = document_field("Attach the response document (optional)")

    class Meta:
        model = ConsultationResponse
        fields = ["text", "attachment", "responded_on"]
        labels = {"text": "The response"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = True
        self.fields["text"].error_messages["required"] = "Enter the response"

    def clean_responded_on(self):
        responded_on = self.cleaned_data["responded_on"]
        if responded_on < self.instance.consultation.opens_on:
            raise forms.ValidationError("The response cannot be dated before the consultation opened")
        if responded_on > timezone.localdate():
            raise forms.ValidationError("The date of the response must be today or in the past")
        return responded_on


class EvidenceForm(GovukFormMixin, forms.ModelForm):
    """2.3.7: data or evidence one party shares with the others."""

    shared_on = date_field("Date shared")
    next_review_on = date_field("Next review date")
    file = document_field("Upload a file")

    class Meta:
        model = Evidence
        fields = [
            "title",
            "owner",
            "description",
            "link",
            "file",
            "sharing_basis",
            "sharing_note",
            "shared_on",
            "next_review_on",
            "commitments",
        ]
        help_texts = {"link": "Where the data or evidence can be found, if it is not uploaded."}

    def __init__(self, *args, partnership, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organisations_person_acts_for(person, partnership)
        self.fields["commitments"] = commitments_field(partnership)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not cleaned.get("link") and not self.instance.file:
            self.add_error("file", "Upload a file or give a link to the data or evidence")
        shared_on, review = cleaned.get("shared_on"), cleaned.get("next_review_on")
        if shared_on and review and review < shared_on:
            self.add_error("next_review_on", "The next review date must be on or after the date shared")
        return cleaned


class SignatureForm(GovukFormMixin, forms.ModelForm):
    """Who signed the agreement for one party, when, and the board decision that approved it."""

    submit_label = "Record the signature"
    signed_on = date_field("Date of signing")

    class Meta:
        model = Signature
        fields = ["signatory_name", "signatory_role", "signed_on", "approved_by"]
        labels = {
            "signatory_name": "Name of the person who signed",
            "signatory_role": "Their role or title",
            "approved_by": "Board decision that approved it",
        }
        help_texts = {"signatory_role": "For example, Chair of the HLEP Board."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in (
            ("signatory_name", "Enter the name of the person who signed"),
            ("signatory_role", "Enter their role or title"),
            ("approved_by", "Enter the board decision that approved it"),
        ):
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = message
        self.fields["signed_on"].error_messages["required"] = "Enter the date of signing"

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        try:
            check_signing_date(self.instance.agreement, signed_on)
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["signed_on"]) from None
        return signed_on


class ReviewDateForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save the review date"
    review_on = date_field(
        "Review date", required=False, help_text="Leave it empty if none is set. For example, 31 3 2027"
    )

    class Meta:
        model = Agreement
        fields = ["review_on"]


def parsed_amendment(raw: bytes, partnership: Partnership) -> AgreementText:
    """The new text read and checked, or the form's error with the line at fault."""
    try:
        parsed = parse_agreement(raw)
    except AgreementTextError as error:
        raise forms.ValidationError(f"L{str(error)[1:]}") from None  # "Line 12: cannot read the date …"
    check_amendment(partnership, parsed)
    return parsed


class AmendmentForm(GovukFormMixin, forms.Form):
    """The new text of the agreement, written like the current one; compared before it is saved."""

    submit_label = "Compare with the current version"
    MOST_BYTES = 1024 * 1024
    document = forms.FileField(
        label="The new text of the agreement",
        help_text="A Markdown or plain text file written like the current agreement: a bold title, "
        "the parties, numbered sections and clauses.",
        widget=forms.FileInput(attrs={"accept": ".md,.txt,text/markdown,text/plain"}),
        error_messages={"required": "Choose the file with the new text of the agreement"},
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    def clean_document(self):
        document = self.cleaned_data["document"]
        if document.size > self.MOST_BYTES:
            raise forms.ValidationError("The file must be smaller than 1 MB")
        raw = document.read()
        self.parsed = parsed_amendment(raw, self.partnership)
        self.raw = raw
        return document


class AmendmentConfirmForm(forms.Form):
    """The previewed text, carried back exactly as uploaded, to be saved as the next version."""

    text = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    @staticmethod
    def carry(raw: bytes) -> str:
        return base64.b64encode(raw).decode()

    def clean_text(self):
        try:
            raw = base64.b64decode(self.cleaned_data["text"], validate=True)
        except binascii.Error:
            raise forms.ValidationError("The text was not sent whole: upload it again") from None
        self.parsed = parsed_amendment(raw, self.partnership)
        return self.cleaned_data["text"]


class ClauseShortTitleForm(GovukFormMixin, forms.Form):
    """The short title a clause is known by in lists, filters and history (not its wording)."""

    submit_label = "Save the short title"
    heading = forms.CharField(
        label="Short title",
        max_length=120,
        help_text="A few words, 120 characters at most. For example, Meet every six months to review joint working",
        error_messages={
            "required": "Enter a short title",
            "max_length": "Short title must be 120 characters or fewer",
        },
    )
