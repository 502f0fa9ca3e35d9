from django import forms

from partnership.forms import GovukFormMixin

from .kinds import ReminderKind, all_kinds
from .models import KindSetting, Preference


class PreferenceForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["daily_digest"]
        widgets = {"daily_digest": forms.RadioSelect}
        help_texts = {
            "daily_digest": "Reminders before meetings, papers deadlines and actions can come together once a "
            "day, at 8:30am. Invitations, changes and cancellations of meetings always come straight away."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A model BooleanField with choices would be a checkbox; the person picks one of two ways.
        self.fields["daily_digest"] = forms.TypedChoiceField(
            label=self.fields["daily_digest"].label.capitalize(),
            choices=[(False, "One email for each reminder"), (True, "One email a day with all my reminders")],
            coerce=lambda value: value in (True, "True"),
            widget=forms.RadioSelect,
            help_text=self.fields["daily_digest"].help_text,
        )
        optional = [kind for kind in all_kinds() if kind.optional]
        self.fields["receive"] = forms.MultipleChoiceField(
            label="Optional emails you receive",
            choices=[(kind.name, kind.label) for kind in optional],
            initial=[kind.name for kind in optional if kind.name not in self.instance.switched_off],
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text="Untick a kind of email to stop it entirely.",
        )

    def switched_off(self) -> list[str]:
        receive = set(self.cleaned_data["receive"])
        return [name for name, _ in self.fields["receive"].choices if name not in receive]


class KindSettingForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = KindSetting
        fields = ["enabled", "offsets_days"]
        labels = {"enabled": "Send this kind of reminder", "offsets_days": "Days before"}

    def __init__(self, *args, kind: ReminderKind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if not kind.optional:
            del self.fields["enabled"]  # invitations, changes and cancellations always go out
        if kind.anchor is None:
            del self.fields["offsets_days"]
        else:
            self.fields["offsets_days"].validators = []
            self.fields["offsets_days"].help_text = (
                "Whole days, separated by commas, for example 28,7,1. "
                f"Leave empty for the default: {','.join(str(d) for d in kind.default_offsets)}."
            )

    def clean_offsets_days(self) -> str:
        text = self.cleaned_data["offsets_days"].replace(" ", "")
        if not text:
            return ""
        parts = text.split(",")
        if not all(part.isdigit() and 0 < int(part) <= 365 for part in parts):
            raise forms.ValidationError("Enter whole numbers of days from 1 to 365, separated by commas")
        return ",".join(str(days) for days in sorted({int(part) for part in parts}, reverse=True))
