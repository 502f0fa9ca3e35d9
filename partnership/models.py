from functools import cached_property

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords


class Organisation(models.Model):
    class Kind(models.TextChoices):
        LEP = "lep", "Local enterprise partnership"
        COMBINED_AUTHORITY = "combined_authority", "Combined authority"
        COUNCIL = "council", "Council"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=20, unique=True, help_text="For example HLEP or CPCA.")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.OTHER)
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

    username = None
    email = models.EmailField("email address", unique=True)
    job_title = models.CharField(max_length=200, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = PersonManager()
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
    def is_board_member(self) -> bool:
        return self.has_role(Membership.Role.BOARD_MEMBER)

    @property
    def is_officer(self) -> bool:
        return self.has_role(Membership.Role.OFFICER)

    def can_edit_for(self, organisation_ids) -> bool:
        """Officers edit records their organisation leads or partners in; admins edit all."""
        return self.is_partnership_admin or self.has_role(Membership.Role.OFFICER, set(organisation_ids))


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


class Agreement(models.Model):
    """One version of the partnership agreement, imported from its text."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SIGNED = "signed", "Signed"
        SUPERSEDED = "superseded", "Superseded"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="agreements")
    title = models.CharField(max_length=300)
    version = models.PositiveIntegerField()
    source_sha256 = models.CharField(max_length=64, help_text="Fingerprint of the text it was imported from.")
    imported_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "version"], name="one_agreement_per_version")
        ]

    def __str__(self):
        return f"{self.title} (version {self.version})"

    def get_absolute_url(self):
        return reverse("partnership:agreement-version", args=[self.version])

    @property
    def status(self) -> str:
        """Derived: superseded once a later version exists; signed once every party has signed."""
        if self.partnership.agreements.filter(version__gt=self.version).exists():
            return self.Status.SUPERSEDED
        signatures = list(self.signatures.all())
        if signatures and all(s.is_signed for s in signatures):
            return self.Status.SIGNED
        return self.Status.DRAFT

    def get_status_display(self) -> str:
        return self.Status(self.status).label


class Signature(models.Model):
    """Who signed the agreement on behalf of one party, and when."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="signatures")
    signatory_name = models.CharField(max_length=200, blank=True)
    signed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__short_name"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "organisation"], name="one_signature_per_party")
        ]

    def __str__(self):
        return f"{self.organisation} signature of {self.agreement}"

    @property
    def is_signed(self) -> bool:
        return bool(self.signatory_name and self.signed_on)


class ClauseQuerySet(models.QuerySet):
    def current(self):
        """Clauses of each partnership's latest agreement version: the ones records link to."""
        latest = Agreement.objects.filter(partnership=models.OuterRef("agreement__partnership")).order_by(
            "-version"
        )
        return self.filter(agreement=models.Subquery(latest.values("pk")[:1]))

    def commitments(self):
        return self.filter(kind=Clause.Kind.COMMITMENT)

    def practices(self):
        return self.filter(kind=Clause.Kind.PRACTICE)


class Clause(models.Model):
    class Kind(models.TextChoices):
        COMMITMENT = "commitment", "Commitment"
        PRACTICE = "practice", "Practice"
        GENERAL = "general", "General"

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="clauses")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    number = models.CharField(max_length=20)
    heading = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    position = models.PositiveIntegerField(help_text="Order in the agreement's text.")
    history = HistoricalRecords()

    objects = ClauseQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "position"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="clause_number_unique")]

    def __str__(self):
        return f"{self.number} {self.heading}".strip() if self.heading else f"{self.number} {self.text[:60]}"

    def get_absolute_url(self):
        return reverse("partnership:clause-detail", args=[self.agreement.version, self.number])

    @property
    def depth(self) -> int:
        return self.number.count(".")
