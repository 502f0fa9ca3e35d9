"""What a review agrees: actions with an owner, and priorities tied to the agreement's clauses."""

from datetime import timedelta

from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partnership.bounds import validate_date
from partnership.models import Clause, Organisation, Person

from .reviews import AgendaItem, Meeting


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Action.OPEN_STATUSES)

    def overdue(self):
        return self.open().filter(due_date__lt=timezone.localdate())

    def due_within(self, days: int):
        today = timezone.localdate()
        return self.open().filter(due_date__gte=today, due_date__lte=today + timedelta(days=days))


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "No longer needed"

    OPEN_STATUSES = [Status.OPEN, Status.IN_PROGRESS]

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    description = models.CharField("action", max_length=500)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="actions")
    owner_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="actions", verbose_name="owner's organisation"
    )
    due_date = models.DateField(validators=[validate_date])
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        # The action log's order, overdue actions on the dashboard, and the review pack's periods.
        indexes = [models.Index(fields=["due_date", "id"])]

    def __str__(self):
        return self.description

    def get_absolute_url(self):
        return reverse("meetings:action-update", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.status in self.OPEN_STATUSES and self.due_date < timezone.localdate()

    def may_edit(self, person) -> bool:
        """Its owner, officers of the owner's organisation, and admins keep an action up to date."""
        return self.owner_id == person.pk or person.can_edit_for([self.owner_organisation_id])


class Priority(models.Model):
    """A future priority agreed at a six-monthly review (3.2.1), tied to the commitments it serves."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    commitments = models.ManyToManyField(Clause, related_name="priorities", blank=True)
    history = HistoricalRecords(m2m_fields=[commitments])

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name_plural = "priorities"

    def __str__(self):
        return self.title
