from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Bid, BusinessCaseStage, FundingOpportunity, MatchFunding, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name"]


@admin.register(FundingOpportunity)
class FundingOpportunityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "funder", "kind", "amount_available", "closes_on"]
    list_filter = ["kind", "tags"]
    search_fields = ["name", "funder"]
    filter_horizontal = ["tags", "commitments"]


class MatchFundingInline(admin.TabularInline):
    model = MatchFunding
    extra = 0


class BusinessCaseStageInline(admin.TabularInline):
    model = BusinessCaseStage
    extra = 0
    raw_id_fields = ["decision"]


@admin.register(Bid)
class BidAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "opportunity",
        "lead_organisation",
        "status",
        "amount_requested",
        "amount_awarded",
    ]
    list_filter = ["status", "lead_organisation"]
    search_fields = ["title", "opportunity__name"]
    filter_horizontal = ["partners", "commitments"]
    raw_id_fields = ["projects"]
    inlines = [MatchFundingInline, BusinessCaseStageInline]


admin.site.register([MatchFunding, BusinessCaseStage], SimpleHistoryAdmin)
