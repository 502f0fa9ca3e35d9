from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Action,
    AgendaItem,
    CalendarFeed,
    Decision,
    Invitation,
    Meeting,
    MeetingChange,
    MeetingSeries,
    Minutes,
    Paper,
    Priority,
    Proposal,
)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title", "presenter", "is_standing"]
    autocomplete_fields = ["presenter"]


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ["person", "kind", "board", "response", "substitute_name", "attended"]
    autocomplete_fields = ["person"]


class MeetingChangeInline(admin.TabularInline):
    model = MeetingChange
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "changes", "by", "at"]


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partnership", "first_starts_at", "interval_months"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "starts_at", "host", "status", "sequence"]
    list_filter = ["status", "host"]
    readonly_fields = ["uid", "sequence"]
    inlines = [AgendaItemInline, InvitationInline, MeetingChangeInline]


@admin.register(Paper)
class PaperAdmin(SimpleHistoryAdmin):
    list_display = ["title", "agenda_item", "uploaded_by", "uploaded_at"]


@admin.register(Minutes)
class MinutesAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "drafted_at", "approved_on"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["description", "owner", "owner_organisation", "due_date", "status"]
    list_filter = ["status", "owner_organisation"]


@admin.register(Priority)
class PriorityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "meeting"]
    filter_horizontal = ["commitments"]


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


@admin.register(Proposal)
class ProposalAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partnership", "created_at"]
    filter_horizontal = ["commitments"]
    inlines = [DecisionInline]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "board", "outcome", "decided_on", "reference"]
    list_filter = ["outcome", "board"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["person", "created_at"]
    readonly_fields = ["token"]
