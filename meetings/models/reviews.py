"""The six-monthly reviews (clause 3.2.1): series, meetings, agenda and papers, invitations, minutes."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partnership.bounds import validate_date, validate_moment
from partnership.models import Board, Clause, Membership, Organisation, Partnership, Person
from partnership.site import local
from partnership.templatetags import accord

# 3.2.1: what every six-monthly review covers.
STANDING_AGENDA = [
    "Review of joint working",
    "Opportunities for collective working",
    "Future priorities",
]

PAPERS_DUE_AT = time(17, 0)  # papers are due by 5pm on the deadline day


def papers_due_by(day: date) -> datetime:
    return local(day, PAPERS_DUE_AT)


def add_months(when: datetime, months: int) -> datetime:
    """The same day and time `months` later; the 31st becomes the month's last day."""
    month_index = when.month - 1 + months
    year, month = when.year + month_index // 12, month_index % 12 + 1
    for day in (when.day, 30, 29, 28):
        try:
            return when.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")


class MeetingSeries(models.Model):
    """The rule the six-monthly reviews follow: how often, from when, where, and whose turn to host."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="meeting_series")
    title = models.CharField(max_length=200, default="Six-monthly review")
    first_starts_at = models.DateTimeField("first meeting starts at")
    interval_months = models.PositiveSmallIntegerField(
        "every (months)", default=6, help_text="Clause 3.2.1 says every six months."
    )
    duration_minutes = models.PositiveSmallIntegerField("length (minutes)", default=120)
    location = models.CharField(max_length=300, blank=True)
    online_url = models.URLField("online meeting link", blank=True)
    first_host = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Hosting alternates between the parties from this one.",
    )
    papers_due_days = models.PositiveSmallIntegerField(
        "papers due (days before)", default=7, help_text="Papers are due this many days before each meeting."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "first_starts_at"]
        verbose_name_plural = "meeting series"
        constraints = [
            models.CheckConstraint(condition=Q(interval_months__gte=1), name="series_interval_positive"),
            models.CheckConstraint(condition=Q(duration_minutes__gte=1), name="series_duration_positive"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:index")

    def starts_at(self, number: int) -> datetime:
        """When meeting `number` (0 = the first) starts, in local time so it keeps its clock time."""
        first = timezone.localtime(self.first_starts_at)
        local = add_months(first.replace(tzinfo=None), number * self.interval_months)
        return timezone.make_aware(local)

    def number_nearest(self, when: datetime) -> int:
        """Which of the series' meetings falls nearest `when`: the slot a meeting scheduled by hand
        takes when it joins the series."""
        number = 0
        while abs(self.starts_at(number + 1) - when) < abs(self.starts_at(number) - when):
            number += 1
        return number

    def papers_deadline(self, starts_at: datetime) -> datetime:
        """5pm, papers_due_days before the meeting; with no days' notice, when the meeting starts."""
        day = timezone.localtime(starts_at).date() - timedelta(days=self.papers_due_days)
        return min(papers_due_by(day), starts_at)

    def host(self, number: int) -> Organisation:
        parties = list(self.partnership.parties.order_by("short_name"))
        start = next((i for i, p in enumerate(parties) if p.pk == self.first_host_id), 0)
        return parties[(start + number) % len(parties)]


class MeetingQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at")

    def past(self):
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at")

    def scheduled(self):
        return self.filter(status=Meeting.Status.SCHEDULED)

    def for_person(self, person):
        """The meetings `person` is invited to: as a board member of a party, or named on it."""
        board_parties = Membership.objects.filter(person=person, role=Membership.Role.BOARD_MEMBER).values(
            "organisation"
        )
        return self.filter(
            Q(partnership__parties__in=board_parties) | Q(invitations__person=person)
        ).distinct()


def new_uid() -> str:
    return f"{uuid.uuid4()}@accord"


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="meetings")
    series = models.ForeignKey(
        MeetingSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    series_number = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text="Which of the series' meetings, from 0."
    )
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField(validators=[validate_moment])
    ends_at = models.DateTimeField(validators=[validate_moment])
    location = models.CharField(max_length=300, blank=True)
    online_url = models.URLField("online meeting link", blank=True)
    host = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="hosted_meetings")
    papers_deadline = models.DateTimeField(validators=[validate_moment])
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    # iCalendar: the UID never changes; SEQUENCE goes up with every change calendars must pick up.
    uid = models.CharField(max_length=100, unique=True, default=new_uid, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # The clauses the meeting serves: each six-monthly review, 3.2.1 and 3.5.
    commitments = models.ManyToManyField(Clause, related_name="meetings", blank=True)
    history = HistoricalRecords(m2m_fields=[commitments])

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["series", "series_number"], name="one_meeting_per_series_slot"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"),
            models.CheckConstraint(
                condition=Q(papers_deadline__lte=F("starts_at")), name="papers_due_before_meeting"
            ),
        ]

    def __str__(self):
        return f"{self.title}, {accord.day(self.starts_at)}"

    def get_absolute_url(self):
        return reverse("meetings:meeting-detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def papers_are_late(self) -> bool:
        return timezone.now() > self.papers_deadline

    @property
    def is_past(self) -> bool:
        """It has ended: its page shows what happened, and answers to the invitation are closed."""
        return self.ends_at < timezone.now()

    @property
    def has_started(self) -> bool:
        """From its start a meeting is the record of what happened: it is no longer rescheduled or
        cancelled, nor its agenda or papers changed. Its minutes, attendance, actions and agreed
        priorities are what change after it."""
        return self.starts_at <= timezone.now()

    @property
    def day(self) -> date:
        """The day it is held, in London."""
        return timezone.localdate(self.starts_at)

    @property
    def attendance_is_open(self) -> bool:
        """Attendance is recorded from the meeting's day (London time), never before."""
        return timezone.localdate() >= self.day

    def invitees(self):
        """Every active board member and secretary of every party's board, plus the officers named on
        the meeting."""
        parties = self.partnership.parties.all()
        board_members = Q(
            memberships__role=Membership.Role.BOARD_MEMBER,
            memberships__organisation__in=parties,
        )
        secretaries = Q(boards_as_secretary__organisation__in=parties)
        named = Q(invitations__meeting=self, invitations__kind=Invitation.Capacity.OFFICER)
        return Person.objects.filter(board_members | secretaries | named, is_active=True).distinct()

    def previous_meeting(self) -> "Meeting | None":
        """The last meeting held before this one: its minutes are approved at this one (3.2.1)."""
        return (
            Meeting.objects.filter(partnership_id=self.partnership_id, starts_at__lt=self.starts_at)
            .exclude(status=self.Status.CANCELLED)
            .order_by("-starts_at")
            .first()
        )

    def next_meeting(self) -> models.QuerySet:
        """The next meeting held after this one (as a queryset, for a form's choices): the one
        meeting at which this one's minutes are approved (3.2.1)."""
        following = (
            Meeting.objects.filter(partnership_id=self.partnership_id, starts_at__gt=self.starts_at)
            .exclude(status=self.Status.CANCELLED)
            .order_by("starts_at")
        )
        return Meeting.objects.filter(pk__in=following.values("pk")[:1])

    def minutes_to_approve(self) -> "Minutes | None":
        """The previous meeting's draft minutes, if not yet approved. Only the next held meeting
        offers them, so no two meetings offer the same minutes."""
        previous = self.previous_meeting()
        if previous is None:
            return None
        return (
            Minutes.objects.filter(meeting=previous, approved_on__isnull=True)
            .select_related("meeting")
            .first()
        )

    def attendance_by_board(self) -> list["BoardAttendance"]:
        """Each party's board, how many of its members attended, and whether that makes it quorate.
        Substitutes are recorded on the invitation but do not count towards a board's quorum."""
        attended: dict[int, int] = {}
        said_yes: dict[int, int] = {}
        for invitation in self.invitations.all():
            if invitation.attended and invitation.board_id:
                attended[invitation.board_id] = attended.get(invitation.board_id, 0) + 1
            if invitation.response == Invitation.Response.ATTENDING and invitation.board_id:
                said_yes[invitation.board_id] = said_yes.get(invitation.board_id, 0) + 1
        boards = Board.objects.filter(organisation__partnerships=self.partnership).select_related(
            "organisation"
        )
        return [
            BoardAttendance(board, attended.get(board.pk, 0), said_yes.get(board.pk, 0)) for board in boards
        ]

    @property
    def attendance_recorded(self) -> bool:
        return any(invitation.attended is not None for invitation in self.invitations.all())

    def presenters_missing_papers(self):
        return Person.objects.filter(
            presented_items__meeting=self, presented_items__papers__isnull=True
        ).distinct()


@dataclass
class BoardAttendance:
    board: Board
    attended: int
    said_yes: int = 0

    @property
    def is_quorate(self) -> bool:
        return self.attended >= self.board.quorum


class MeetingChange(models.Model):
    """What changed about a meeting and when: the reminders engineer tells everyone invited."""

    class Event(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        RESCHEDULED = "rescheduled", "Rescheduled"
        UPDATED = "updated", "Updated"
        CANCELLED = "cancelled", "Cancelled"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=20, choices=Event.choices)
    # [{"field": "starts_at", "label": "Starts at", "old": "...", "new": "..."}], values as text.
    changes = models.JSONField(default=list, blank=True)
    by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.meeting}: {self.get_kind_display()}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    presenter = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="presented_items"
    )
    is_standing = models.BooleanField(default=False, help_text="On every review by clause 3.2.1.")
    project = models.ForeignKey(
        "projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items"
    )
    # The clauses the item serves: each standing item, 3.2.1.
    commitments = models.ManyToManyField(Clause, related_name="agenda_items", blank=True)
    history = HistoricalRecords(m2m_fields=[commitments])

    class Meta:
        ordering = ["meeting", "position", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.meeting.get_absolute_url()}#item-{self.pk}"

    def may_add_papers(self, person) -> bool:
        """Admins, officers of the parties, and the item's presenter upload its papers."""
        return person.can_create_records or self.presenter_id == person.pk


def paper_path(paper: "Paper", filename: str) -> str:
    # Private storage: papers are served by a view that checks who is asking, never by a media URL.
    return f"papers/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Paper(models.Model):
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to=paper_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agenda_item", "uploaded_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:paper-download", args=[self.pk])

    @property
    def is_late(self) -> bool:
        return self.uploaded_at > self.agenda_item.meeting.papers_deadline

    @property
    def kind(self) -> str:
        return Path(self.original_name).suffix.lstrip(".").upper()


class Invitation(models.Model):
    """One person invited to one meeting, their answer, and whether they attended."""

    class Capacity(models.TextChoices):
        BOARD_MEMBER = "board_member", "Board member"
        SECRETARY = "secretary", "Board secretary"
        OFFICER = "officer", "Officer"

    class Response(models.TextChoices):
        NO_RESPONSE = "", "Not answered"
        ATTENDING = "attending", "Attending"
        NOT_ATTENDING = "not_attending", "Not attending"
        SUBSTITUTE = "substitute", "Sending a substitute"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(max_length=20, choices=Capacity.choices)
    board = models.ForeignKey(
        Board,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        help_text="The board they sit on, whose quorum their attendance counts towards.",
    )
    response = models.CharField(max_length=20, choices=Response.choices, blank=True, default="")
    substitute_name = models.CharField(max_length=200, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, help_text="Blank until attendance is recorded.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "board__organisation__short_name", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_invitation_per_person"),
            models.CheckConstraint(
                condition=~Q(response="substitute") | ~Q(substitute_name=""),
                name="substitute_is_named",
            ),
        ]

    def __str__(self):
        return f"{self.person} to {self.meeting}"


class Minutes(models.Model):
    """Drafted by an admin after the meeting; approved at the next one (3.2.1)."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField()
    drafted_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    drafted_at = models.DateTimeField(default=timezone.now)
    approved_at_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_minutes",
        verbose_name="approved at",
    )
    approved_on = models.DateField(null=True, blank=True, validators=[validate_date])
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "minutes"
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True) | Q(approved_at_meeting__isnull=False),
                name="minutes_approved_at_a_meeting",
            )
        ]

    def __str__(self):
        return f"Minutes of {self.meeting}"

    @property
    def is_approved(self) -> bool:
        return self.approved_on is not None
