"""2.3.7: the register of data and evidence the parties share with one another."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partnership.bounds import validate_date
from partnership.uploads import NAME_BYTES, KeepsUploadNames, StoredName, validate_document

from .agreement import Clause
from .people import Organisation, Partnership, Person


class Evidence(KeepsUploadNames, models.Model):
    class SharingBasis(models.TextChoices):
        OPEN_GOVERNMENT_LICENCE = "ogl", "Open Government Licence"
        DATA_SHARING_AGREEMENT = "dsa", "Data sharing agreement"
        PARTNERS_ONLY = "partners_only", "Shared in confidence with the partners only"
        OTHER = "other", "Other licence"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="evidence_owned",
        verbose_name="Owner organisation",
    )
    description = models.TextField()
    link = models.URLField(blank=True, max_length=500)
    file = models.FileField(
        upload_to=StoredName("evidence"), blank=True, validators=[validate_document], max_length=300
    )
    file_name = models.CharField(max_length=NAME_BYTES, blank=True, editable=False)
    sharing_basis = models.CharField("Licence or sharing basis", max_length=20, choices=SharingBasis.choices)
    sharing_note = models.CharField(
        "Licence details", max_length=300, blank=True, help_text="For example the agreement's reference."
    )
    shared_on = models.DateField("Date shared", validators=[validate_date])
    next_review_on = models.DateField("Next review date", validators=[validate_date])
    commitments = models.ManyToManyField(Clause, blank=True, related_name="evidence")
    added_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    history = HistoricalRecords(m2m_fields=[commitments])

    upload_names = {"file": "file_name"}

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(link=""), name="evidence_has_file_or_link"),
            models.CheckConstraint(
                condition=Q(next_review_on__gte=models.F("shared_on")), name="evidence_review_after_sharing"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnership:evidence-detail", args=[self.pk])

    @property
    def is_due_for_review(self) -> bool:
        return self.next_review_on <= timezone.localdate()

    def can_edit(self, person) -> bool:
        return person.can_edit_for({self.owner_id})
