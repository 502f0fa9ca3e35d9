import django_filters
from django import forms
from django.db.models import Model, Q
from django.utils import timezone

from .forms import FilterForm
from .models import Clause, Consultation, ConsultationResponse, Evidence
from .serving import filter_serving


def parties(request):
    return request.partnership.parties.all()


def clauses(request):
    return Clause.objects.current_for(request.partnership).linkable()


class ConsultationFilter(django_filters.FilterSet):
    """The duty-to-cooperate log's questions; the view sets request.partnership before filtering."""

    STATUSES = [
        ("awaiting", "Awaiting a response"),
        ("overdue", "Overdue"),
        ("answered", "Answered"),
    ]

    q = django_filters.CharFilter(label="Search titles and summaries", method="search")
    kind = django_filters.ChoiceFilter(choices=Consultation.Document.choices, empty_label="Any document")
    consulting_organisation = django_filters.ModelChoiceFilter(
        label="Consulting party", queryset=parties, empty_label="Any party"
    )
    consulted = django_filters.ModelChoiceFilter(
        label="Party consulted",
        queryset=parties,
        field_name="responses__organisation",
        empty_label="Any party",
    )
    commitment = django_filters.ModelChoiceFilter(
        label="Clause it serves",
        method=filter_serving("consultations"),
        queryset=clauses,
        empty_label="Any clause",
    )
    status = django_filters.ChoiceFilter(
        label="Responses", choices=STATUSES, method="filter_status", empty_label="Any"
    )

    class Meta:
        model = Consultation
        fields = []
        form = FilterForm

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(summary__icontains=value)) if value else queryset

    def filter_status(self, queryset, name, value):
        responses = {
            "awaiting": ConsultationResponse.objects.awaiting(),
            "overdue": ConsultationResponse.objects.overdue(),
            "answered": ConsultationResponse.objects.answered(),
        }[value]
        return queryset.filter(pk__in=responses.values("consultation"))


class EvidenceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search titles and descriptions", method="search")
    owner = django_filters.ModelChoiceFilter(
        label="Owner organisation", queryset=parties, empty_label="Any party"
    )
    sharing_basis = django_filters.ChoiceFilter(
        label="Sharing basis", choices=Evidence.SharingBasis.choices, empty_label="Any basis"
    )
    commitment = django_filters.ModelChoiceFilter(
        label="Clause it serves",
        method=filter_serving("evidence"),
        queryset=clauses,
        empty_label="Any clause",
    )
    due = django_filters.BooleanFilter(
        label="Only those due for review", method="filter_due", widget=forms.CheckboxInput
    )

    class Meta:
        model = Evidence
        fields = []
        form = FilterForm

    def search(self, queryset, name, value):
        value = value.strip()
        return (
            queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))
            if value
            else queryset
        )

    def filter_due(self, queryset, name, value):
        return queryset.filter(next_review_on__lte=timezone.localdate()) if value else queryset


def applied_filters(filterset) -> list[tuple[str, str]]:
    """The filters a list was chosen by, as (label, what was chosen) in words: counted in the list's
    "Filter (2 applied)", spelt out in its spreadsheet's About sheet. Sorting is not filtering."""
    form = filterset.form
    if not form.is_valid():
        return []
    applied = []
    for name, value in form.cleaned_data.items():
        if value in (None, "") or name == "sort":
            continue
        field = form.fields[name]
        if isinstance(value, Model):
            text = str(value)
        else:
            raw = form.data.get(name, "")
            # Not `or`: django-filter's choices with a callable have no length to be tested for.
            options = getattr(field, "choices", None)
            if options is None:
                options = getattr(field.widget, "choices", ())
            text = str(dict((str(k), v) for k, v in options).get(str(raw), value))
        applied.append((str(field.label or name), text))
    return applied
