from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "county", "on_corridor"]
    list_filter = ["county", "on_corridor"]


@admin.register(OutcomeKind)
class OutcomeKindAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "partnership"]
    list_filter = ["partnership"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class ContributionInline(admin.TabularInline):
    model = Contribution
    extra = 0


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "lead_organisation", "sector", "status", "rag"]
    list_filter = ["sector", "status", "rag", "lead_organisation"]
    search_fields = ["title", "summary"]
    filter_horizontal = ["partners", "places", "commitments"]
    inlines = [MilestoneInline, ContributionInline]


for model in [Milestone, Contribution, OutcomeTarget, OutcomeReport, ProjectUpdate]:
    admin.site.register(model, SimpleHistoryAdmin)
