"""The reminders outbox: a Reminder is planned in the same transaction as the change that causes it;
when it falls due it becomes one Delivery per recipient, each sent at most once (see services.py)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.core.validators import validate_comma_separated_integer_list
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .failures import Failure, explain


class KindSetting(models.Model):
    """A partnership admin's override of a kind's defaults for their partnership's reminders: switch it
    off, or change its offsets."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="reminder_settings"
    )
    kind = models.CharField(max_length=60)
    enabled = models.BooleanField(default=True, help_text="Untick to stop planning this kind of reminder.")
    offsets_days = models.CharField(
        "days before",
        max_length=100,
        blank=True,
        validators=[validate_comma_separated_integer_list],
        help_text="Comma-separated days before the date the reminder is about, for example 28,7,1. "
        "Leave empty to keep the default.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "kind"], name="one_setting_per_reminder_kind")
        ]

    def __str__(self):
        return self.kind

    @property
    def offsets(self) -> tuple[int, ...] | None:
        if not self.offsets_days.strip():
            return None
        return tuple(
            sorted({int(days) for days in self.offsets_days.split(",") if days.strip()}, reverse=True)
        )


class Sender(models.Model):
    """The address a partnership's reminders come from; without one, settings.DEFAULT_FROM_EMAIL."""

    partnership = models.OneToOneField(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="reminder_sender"
    )
    from_email = models.CharField(
        max_length=254, help_text='For example "HLEP and CPCA partnership <partnership@hlep.org.uk>".'
    )
    history = HistoricalRecords()

    def __str__(self):
        return self.from_email


class ReminderQuerySet(models.QuerySet):
    def for_record(self, record):
        return self.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)

    def about(self, record):
        return self.filter(about_type=ContentType.objects.get_for_model(record), about_id=record.pk)

    def due(self, now):
        return self.filter(status=Reminder.Status.PLANNED, due_at__lte=now)


class Reminder(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        DISPATCHED = "dispatched", "Sent out"
        CANCELLED = "cancelled", "Cancelled"

    kind = models.CharField(max_length=60)
    # Whose admins see it and whose sender address it uses; fixed when planned.
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, null=True, related_name="reminders"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    # The record whose reminders page lists it: the record itself, or e.g. the consultation of a
    # consulted party's response (ReminderKind.about).
    about_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+", null=True)
    about_id = models.PositiveBigIntegerField(null=True)
    about = GenericForeignKey("about_type", "about_id")
    due_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    # What the kind needs to word the email, fixed when planned: e.g. the offset in days.
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="reminder_due"),
            models.Index(fields=["content_type", "object_id"], name="reminder_subject"),
            models.Index(fields=["about_type", "about_id"], name="reminder_about"),
        ]

    def __str__(self):
        return f"{self.kind} for {self.content_type_id}/{self.object_id} at {self.due_at:%Y-%m-%d %H:%M}"

    def get_reminders_url(self) -> str:
        """The admins' page of every reminder about the same record."""
        content_type = ContentType.objects.get_for_id(self.about_type_id or self.content_type_id)
        return reverse(
            "reminders:record",
            args=[f"{content_type.app_label}.{content_type.model}", self.about_id or self.object_id],
        )


class Delivery(models.Model):
    """One reminder to one person. Unique per (reminder, person); a worker claims it by moving it
    from pending to sending in one UPDATE, so only one worker ever sends it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="deliveries")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries")
    email = models.EmailField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    digest = models.BooleanField(default=False, help_text="Goes out in the person's daily digest.")
    attempts = models.PositiveSmallIntegerField(default=0)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reminder", "person__last_name", "person__first_name"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["reminder", "person"], name="one_delivery_per_recipient")
        ]
        indexes = [models.Index(fields=["status", "digest"], name="delivery_status")]

    def __str__(self):
        return f"{self.reminder.kind} to {self.email} ({self.status})"

    @property
    def failure(self) -> Failure | None:
        """Why it failed, in words for the person and for the admins."""
        return explain(self.last_error) if self.status == self.Status.FAILED else None


class Preference(models.Model):
    """How a person wants optional reminders: one email each, or one daily digest; and the optional
    kinds they switched off, for which no delivery is made for them."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    daily_digest = models.BooleanField(
        "how to receive optional reminders",
        default=False,
        choices=[(False, "One email for each reminder"), (True, "One email a day with all my reminders")],
    )
    switched_off = ArrayField(models.CharField(max_length=60), default=list, blank=True)
    history = HistoricalRecords()

    def __str__(self):
        return f"{self.person}: {'daily digest' if self.daily_digest else 'each reminder'}"
