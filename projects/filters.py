import django_filters
from django import forms
from django.db.models import Case, F, IntegerField, Value, When

from partnership.forms import FilterForm
from partnership.models import Clause, Organisation
from partnership.serving import filter_serving

from .models import Project

LIVE = "live"  # the status filter's choice the dashboard's figures link to

SORTS = [
    ("title", "Title"),
    ("-updated_at", "Recently changed"),
    ("end_date", "End date, soonest first"),
    ("rag", "RAG rating, red first"),
    ("-contributed", "Contributions, largest first"),
]


class ProjectFilter(django_filters.FilterSet):
    """The projects list's questions, about one partnership's projects."""

    q = django_filters.CharFilter(label="Search titles and summaries", method="search")
    sector = django_filters.ChoiceFilter(choices=Project.Sector.choices, empty_label="Any sector")
    status = django_filters.ChoiceFilter(
        choices=[(LIVE, "Live (not completed or closed)"), *Project.Status.choices],
        method="filter_status",
        empty_label="Any status",
    )
    rag = django_filters.ChoiceFilter(
        label="RAG rating", choices=Project.Rag.choices, empty_label="Any rating"
    )
    lead_organisation = django_filters.ModelChoiceFilter(
        label="Lead organisation", queryset=Organisation.objects.none(), empty_label="Any organisation"
    )
    commitment = django_filters.ModelChoiceFilter(
        label="Commitment it delivers",
        method=filter_serving("projects"),  # as the dashboard and the clause page count them
        queryset=Clause.objects.none(),
        empty_label="Any commitment",
    )
    corridor = django_filters.BooleanFilter(
        label="On the London–Stansted–Cambridge corridor",
        method="filter_corridor",
        widget=forms.Select(
            choices=[("", "Anywhere"), ("true", "On the corridor"), ("false", "Off the corridor")]
        ),
    )
    sort = django_filters.ChoiceFilter(label="Sort by", choices=SORTS, method="order", empty_label=None)

    class Meta:
        model = Project
        fields = []
        form = FilterForm

    def __init__(self, data=None, *args, partnership, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["lead_organisation"].queryset = partnership.parties.all()
        self.filters["commitment"].queryset = Clause.objects.delivered_by_projects(partnership)

    def search(self, queryset, name, value):
        return queryset.search(value.strip()) if value.strip() else queryset

    def filter_status(self, queryset, name, value):
        return queryset.live() if value == LIVE else queryset.filter(status=value)

    def filter_corridor(self, queryset, name, value):
        on_corridor = queryset.on_corridor()
        return on_corridor if value else queryset.exclude(pk__in=on_corridor.values("pk"))

    def order(self, queryset, name, value):
        if value == "rag":
            return queryset.order_by(_rag_order(), "title", "pk")
        if value == "-contributed":
            return queryset.order_by(F("contributed").desc(nulls_last=True), "title", "pk")
        return queryset.order_by(value, "title", "pk")


def _rag_order():
    return Case(
        When(rag=Project.Rag.RED, then=Value(0)),
        When(rag=Project.Rag.AMBER, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
