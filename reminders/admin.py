from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .kinds import all_kinds
from .models import Delivery, KindSetting, Preference, Reminder, Sender


class KindSettingForm(forms.ModelForm):
    kind = forms.ChoiceField(choices=lambda: [(kind.name, kind.label) for kind in all_kinds()])

    class Meta:
        model = KindSetting
        fields = ["partnership", "kind", "enabled", "offsets_days"]


@admin.register(KindSetting)
class KindSettingAdmin(SimpleHistoryAdmin):
    """Where an admin changes the days before a meeting (28, 7, 1) or switches an optional kind off."""

    form = KindSettingForm
    list_display = ["partnership", "kind", "enabled", "offsets_days"]


@admin.register(Sender)
class SenderAdmin(SimpleHistoryAdmin):
    list_display = ["partnership", "from_email"]


@admin.register(Preference)
class PreferenceAdmin(SimpleHistoryAdmin):
    list_display = ["person", "daily_digest"]
    list_select_related = ["person"]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    fields = ["person", "email", "status", "digest", "attempts", "sent_at", "last_error"]
    readonly_fields = fields
    can_delete = False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["kind", "content_type", "object_id", "due_at", "status"]
    list_filter = ["status", "kind"]
    readonly_fields = [
        "kind",
        "content_type",
        "object_id",
        "due_at",
        "context",
        "created_at",
        "dispatched_at",
    ]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["reminder", "email", "status", "attempts", "sent_at"]
    list_filter = ["status", "digest"]
    list_select_related = ["reminder"]
    search_fields = ["email"]
    readonly_fields = ["reminder", "person", "email", "claimed_at", "sent_at", "attempts", "last_error"]
