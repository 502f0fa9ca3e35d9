"""3.4: the duty to cooperate. One party consults the others on a strategic document, and each
consulted party's organisation records its response before the deadline."""

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partnership.bounds import validate_date
from partnership.uploads import NAME_BYTES, KeepsUploadNames, StoredName, validate_document

from .agreement import Clause
from .people import Organisation, Partnership, Person


class Consultation(KeepsUploadNames, models.Model):
    class Document(models.TextChoices):
        LOCAL_INDUSTRIAL_STRATEGY = "local_industrial_strategy", "Local Industrial Strategy"
        LOCAL_PLAN = "local_plan", "Local plan"
        SKILLS_PLAN = "skills_plan", "Skills plan"
        INVESTMENT_PLAN = "investment_plan", "Investment plan"
        OTHER = "other", "Other strategic document"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="consultations")
    consulting_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="consultations_opened"
    )
    kind = models.CharField(max_length=40, choices=Document.choices)
    title = models.CharField(max_length=300)
    summary = models.TextField()
    document = models.FileField(
        upload_to=StoredName("consultations"), blank=True, validators=[validate_document], max_length=300
    )
    document_name = models.CharField(max_length=NAME_BYTES, blank=True, editable=False)
    link = models.URLField("Link to the document", blank=True, max_length=500)
    opens_on = models.DateField("Opening date", validators=[validate_date])
    respond_by = models.DateField("Response deadline", validators=[validate_date])
    commitments = models.ManyToManyField(
        Clause, blank=True, related_name="consultations", help_text="The clauses this document serves."
    )
    opened_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"], m2m_fields=[commitments])

    upload_names = {"document": "document_name"}

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(respond_by__gte=models.F("opens_on")), name="consultation_deadline_after_opening"
            ),
            models.CheckConstraint(
                condition=~Q(document="") | ~Q(link=""), name="consultation_has_document_or_link"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnership:consultation-detail", args=[self.pk])

    def can_edit(self, person) -> bool:
        return person.can_edit_for({self.consulting_organisation_id})


class ConsultationResponseQuerySet(models.QuerySet):
    def answered(self):
        return self.filter(responded_on__isnull=False)

    def awaiting(self, today=None):
        """Open, not answered, deadline not passed: the consulted board is still being reminded."""
        today = today or timezone.localdate()
        return self.filter(
            responded_on__isnull=True, consultation__opens_on__lte=today, consultation__respond_by__gte=today
        )

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(responded_on__isnull=True, consultation__respond_by__lt=today)

    def log_by_organisation(self, today=None) -> list[dict]:
        """The duty-to-cooperate log: for each consulted party, how its responses stand (one query)."""
        today = today or timezone.localdate()
        deadline = models.F("consultation__respond_by")
        return list(
            self.values("organisation__pk", "organisation__short_name", "organisation__name")
            .annotate(
                awaiting=Count(
                    "pk",
                    filter=Q(
                        responded_on__isnull=True,
                        consultation__opens_on__lte=today,
                        consultation__respond_by__gte=today,
                    ),
                ),
                on_time=Count("pk", filter=Q(responded_on__lte=deadline)),
                late=Count("pk", filter=Q(responded_on__gt=deadline)),
                overdue=Count("pk", filter=Q(responded_on__isnull=True, consultation__respond_by__lt=today)),
            )
            .order_by("organisation__short_name")
        )


class ConsultationResponse(KeepsUploadNames, models.Model):
    """One consulted party's answer; the row exists from the opening, empty until it is answered."""

    class Status(models.TextChoices):
        NOT_OPEN = "not_open", "Not open yet"
        AWAITING = "awaiting", "Awaiting response"
        ANSWERED = "answered", "Answered"
        ANSWERED_LATE = "answered_late", "Answered late"
        OVERDUE = "overdue", "Overdue"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="consultation_responses"
    )
    text = models.TextField("Response", blank=True)
    attachment = models.FileField(
        upload_to=StoredName("consultation-responses"),
        blank=True,
        validators=[validate_document],
        max_length=300,
    )
    attachment_name = models.CharField(max_length=NAME_BYTES, blank=True, editable=False)
    responded_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_on = models.DateField("Date of the response", null=True, blank=True, validators=[validate_date])
    history = HistoricalRecords()

    objects = ConsultationResponseQuerySet.as_manager()
    upload_names = {"attachment": "attachment_name"}

    class Meta:
        ordering = ["organisation__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "organisation"], name="one_response_per_consulted_party"
            ),
            models.CheckConstraint(
                condition=Q(responded_on__isnull=True) | ~Q(text=""), name="an_answer_has_text"
            ),
        ]

    def __str__(self):
        return f"{self.organisation.short_name} response to {self.consultation}"

    @property
    def status(self) -> str:
        consultation, today = self.consultation, timezone.localdate()
        if self.responded_on:
            return (
                self.Status.ANSWERED_LATE
                if self.responded_on > consultation.respond_by
                else self.Status.ANSWERED
            )
        if consultation.opens_on > today:
            return self.Status.NOT_OPEN
        return self.Status.OVERDUE if today > consultation.respond_by else self.Status.AWAITING

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    def can_respond(self, person) -> bool:
        return person.can_edit_for({self.organisation_id})
