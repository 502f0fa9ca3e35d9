"""The parties, their boards and their people."""

from functools import cached_property
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords


class Organisation(models.Model):
    class BodyType(models.TextChoices):
        LEP = "lep", "Local enterprise partnership"
        COMBINED_AUTHORITY = "combined_authority", "Combined authority"
        COUNCIL = "council", "Council"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=20, unique=True, help_text="For example HLEP or CPCA.")
    kind = models.CharField(max_length=30, choices=BodyType.choices, default=BodyType.OTHER)
    history = HistoricalRecords()

    class Meta:
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("partnership:organisation-detail", args=[self.pk])


class PartnershipQuerySet(models.QuerySet):
    def for_person(self, person):
        if person.is_superuser:
            return self.all()
        return self.filter(parties__memberships__person=person).distinct()


class Partnership(models.Model):
    name = models.CharField(max_length=200, unique=True)
    parties = models.ManyToManyField(Organisation, related_name="partnerships")
    history = HistoricalRecords(m2m_fields=[parties])

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnership:overview")

    @property
    def current_agreement(self):
        return self.agreements.order_by("-version").first()


class PersonManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("A person needs an email address to sign in with.")
        person = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class Person(AbstractUser):
    """Somebody who signs in to Accord. What they may do comes from their memberships."""

    username = None  # type: ignore[assignment]  # signs in with the email address instead
    email = models.EmailField("email address", unique=True)
    job_title = models.CharField(max_length=200, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects: ClassVar[PersonManager] = PersonManager()  # type: ignore[assignment]
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.get_full_name() or self.email

    def get_absolute_url(self):
        return reverse("partnership:person-detail", args=[self.pk])

    @cached_property
    def roles_by_organisation(self) -> dict[int, set[str]]:
        roles: dict[int, set[str]] = {}
        for organisation_id, role in self.memberships.values_list("organisation_id", "role"):
            roles.setdefault(organisation_id, set()).add(role)
        return roles

    @property
    def organisation_ids(self) -> set[int]:
        return set(self.roles_by_organisation)

    def has_role(self, role: str, organisation_ids=None) -> bool:
        return any(
            role in roles
            for organisation_id, roles in self.roles_by_organisation.items()
            if organisation_ids is None or organisation_id in organisation_ids
        )

    @property
    def is_partnership_member(self) -> bool:
        return self.is_superuser or bool(self.roles_by_organisation)

    @property
    def is_partnership_admin(self) -> bool:
        return self.is_superuser or self.has_role(Membership.Role.PARTNERSHIP_ADMIN)

    @property
    def is_officer(self) -> bool:
        return self.has_role(Membership.Role.OFFICER)

    @property
    def can_create_records(self) -> bool:
        """Officers and admins of any party create records; which ones they edit is per record."""
        return self.is_partnership_admin or self.is_officer

    def can_edit_for(self, organisation_ids) -> bool:
        """Officers edit records their organisation leads or partners in; admins edit all."""
        return self.is_partnership_admin or self.has_role(Membership.Role.OFFICER, set(organisation_ids))

    def can_change_lead_of(self, lead_organisation_id: int | None) -> bool:
        """Only the organisation that leads (or owns) a record hands it on or changes its partners: its
        officers, or an admin. A partner's officer edits the rest but cannot take it from its lead."""
        return (
            lead_organisation_id is None
            or self.is_partnership_admin
            or self.has_role(Membership.Role.OFFICER, {lead_organisation_id})
        )

    def can_record_decision_for(self, board: "Board") -> bool:
        """3.1: each board decides for itself, so its decision is recorded only by its own secretary or
        an admin of its own organisation, never by another party's people."""
        return (board.secretary_id is not None and board.secretary_id == self.pk) or self.has_role(
            Membership.Role.PARTNERSHIP_ADMIN, {board.organisation_id}
        )


class Membership(models.Model):
    class Role(models.TextChoices):
        BOARD_MEMBER = "board_member", "Board member"
        OFFICER = "officer", "Officer"
        PARTNERSHIP_ADMIN = "partnership_admin", "Partnership admin"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__short_name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "role"], name="one_role_once_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()}, {self.organisation}"


class Board(models.Model):
    """Each party's own decision-making board (clause 3.1). Its members are the organisation's
    people with the board member role."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="board")
    name = models.CharField(max_length=200)
    secretary = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="boards_as_secretary"
    )
    quorum = models.PositiveSmallIntegerField(
        default=3, help_text="How many board members must attend for the board to be quorate."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__short_name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.organisation.get_absolute_url()

    @property
    def members(self):
        return Person.objects.filter(
            memberships__organisation_id=self.organisation_id,
            memberships__role=Membership.Role.BOARD_MEMBER,
            is_active=True,
        )
