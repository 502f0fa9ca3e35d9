from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

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


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin, UserAdmin):
    ordering = ["last_name", "first_name"]
    list_display = ["email", "first_name", "last_name", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal details", {"fields": ["first_name", "last_name", "job_title"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["email", "first_name", "last_name", "password1", "password2"]},
        )
    ]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "name", "kind"]
    search_fields = ["name", "short_name"]
    inlines = [MembershipInline]


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "secretary", "quorum"]
    autocomplete_fields = ["secretary"]


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    filter_horizontal = ["parties"]


class ClauseInline(admin.TabularInline):
    model = Clause
    fields = ["number", "heading", "kind"]
    readonly_fields = ["number", "heading", "kind"]
    extra = 0
    can_delete = False


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partnership", "version", "imported_at"]
    readonly_fields = ["source_sha256", "imported_at"]
    inlines = [SignatureInline, ClauseInline]


@admin.register(Clause)
class ClauseAdmin(SimpleHistoryAdmin):
    list_display = ["number", "heading", "kind", "agreement"]
    list_filter = ["kind", "agreement"]
    search_fields = ["number", "heading", "text"]


class ConsultationResponseInline(admin.TabularInline):
    model = ConsultationResponse
    extra = 0


@admin.register(Consultation)
class ConsultationAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "consulting_organisation", "opens_on", "respond_by"]
    list_filter = ["kind", "consulting_organisation"]
    list_select_related = ["consulting_organisation"]
    search_fields = ["title"]
    inlines = [ConsultationResponseInline]


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "owner", "sharing_basis", "shared_on", "next_review_on"]
    list_filter = ["owner", "sharing_basis"]
    list_select_related = ["owner"]
    search_fields = ["title"]
