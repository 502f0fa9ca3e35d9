import django_filters
from django import forms

from partnership.forms import FilterForm
from partnership.models import Organisation, Person

from .models import Action


class ActionFilter(django_filters.FilterSet):
    """The action log's questions: whose, which organisation's, in what state, and late or not."""

    owner = django_filters.ModelChoiceFilter(queryset=Person.objects.none(), empty_label="Anyone")
    owner_organisation = django_filters.ModelChoiceFilter(
        label="Organisation", queryset=Organisation.objects.none(), empty_label="Any organisation"
    )
    status = django_filters.ChoiceFilter(choices=Action.Status.choices, empty_label="Any status")
    overdue = django_filters.BooleanFilter(
        label="Only overdue actions", method="filter_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = Action
        fields = ["owner", "owner_organisation", "status", "overdue"]
        form = FilterForm

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["owner"].queryset = Person.objects.filter(
            actions__meeting__partnership=partnership
        ).distinct()
        self.filters["owner_organisation"].queryset = partnership.parties.all()

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset
