"""Meetings themselves: the index, the series, scheduling, changing, cancelling, and a meeting's page."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import DetailView, FormView, TemplateView

from partnership.history import history_entries
from partnership.models import Clause
from partnership.once import OnceMixin
from partnership.permissions import PartnershipAdminRequiredMixin, PartnershipMixin
from partnership.writes import values_of

from .. import services
from ..forms import (
    CancelMeetingForm,
    InvitationResponseForm,
    MeetingForm,
    MeetingSeriesForm,
)
from ..models import Action, AgendaItem, Decision, Invitation, MeetingChange, Paper
from .base import BeforeItStartsMixin, FormPageMixin, MeetingMixin


class MeetingIndexView(PartnershipMixin, TemplateView):
    """The calendar of upcoming meetings, month by month, and the recent past."""

    template_name = "meetings/index.html"

    def get_context_data(self, **kwargs):
        partnership = self.get_partnership()
        meetings = partnership.meetings.select_related("host")
        upcoming = list(meetings.upcoming())
        months = [
            (month, list(items))
            for month, items in groupby(
                upcoming, key=lambda m: timezone.localtime(m.starts_at).strftime("%B %Y")
            )
        ]
        return super().get_context_data(
            months=months,
            past=meetings.past()[:10],
            series=partnership.meeting_series.select_related("first_host").first(),
            **kwargs,
        )


class MeetingSeriesView(OnceMixin, PartnershipMixin, PartnershipAdminRequiredMixin, FormPageMixin, FormView):
    """Set up (or change) the rule of the six-monthly reviews, and put the next ones on the calendar."""

    form_class = MeetingSeriesForm
    page_title = "The six-monthly review series"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "partnership": self.get_partnership(),
            "instance": self.get_partnership().meeting_series.first(),
        }

    def get_cancel_url(self):
        return "/meetings/"

    def form_valid(self, form):
        _, made = services.save_series(
            form.instance if form.instance.pk else None,
            partnership=self.get_partnership(),
            by=self.request.user,
            first_starts_at=form.instance.first_starts_at,  # the form's date and time, as one moment
            **values_of(form),
        )
        messages.success(
            self.request,
            f"Series saved. {len(made)} new meeting{'s' if len(made) != 1 else ''} scheduled."
            if made
            else "Series saved. Its next meetings were already on the calendar.",
        )
        return redirect("meetings:index")


class MeetingCreateView(OnceMixin, PartnershipMixin, PartnershipAdminRequiredMixin, FormPageMixin, FormView):
    form_class = MeetingForm
    page_title = "Schedule a meeting"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.get_partnership()}

    def get_cancel_url(self):
        return "/meetings/"

    def form_valid(self, form):
        meeting = services.schedule_meeting(
            partnership=self.get_partnership(),
            officers=form.cleaned_data["officers"],
            commitments=form.cleaned_data["commitments"],
            by=self.request.user,
            **form.meeting_values(),
        )
        messages.success(self.request, "Meeting scheduled; everyone invited will be told.")
        return redirect(meeting)


class MeetingUpdateView(
    MeetingMixin, PartnershipAdminRequiredMixin, BeforeItStartsMixin, FormPageMixin, FormView
):
    """Reschedule a meeting or change its details, before it starts."""

    form_class = MeetingForm
    page_title = "Change the meeting"
    refused_because = services.RESCHEDULE_REFUSED

    def get_form_kwargs(self):
        meeting = self.get_meeting()
        if meeting.is_cancelled:
            raise PermissionDenied("A cancelled meeting cannot be changed.")
        return {**super().get_form_kwargs(), "partnership": self.get_partnership(), "meeting": meeting}

    def get_cancel_url(self):
        return self.get_meeting().get_absolute_url()

    def form_valid(self, form):
        meeting = services.change_meeting(
            self.get_meeting(),
            officers=form.cleaned_data["officers"],
            commitments=form.cleaned_data["commitments"],
            by=self.request.user,
            **form.meeting_values(),
        )
        messages.success(self.request, "Meeting saved; everyone invited will be told what changed.")
        return redirect(meeting)


class MeetingCancelView(
    MeetingMixin, PartnershipAdminRequiredMixin, BeforeItStartsMixin, FormPageMixin, FormView
):
    form_class = CancelMeetingForm
    refused_because = services.CANCEL_REFUSED

    def get_form(self, form_class=None):
        if self.get_meeting().is_cancelled:
            raise PermissionDenied("The meeting is already cancelled.")
        return super().get_form(form_class)

    def get_context_data(self, **kwargs):
        self.page_title = f"Are you sure you want to cancel the {self.get_meeting()}?"
        kwargs.setdefault(
            "intro", "Everyone invited is told it is cancelled. A cancelled meeting cannot be changed."
        )
        return super().get_context_data(**kwargs)

    def get_cancel_url(self):
        return self.get_meeting().get_absolute_url()

    def form_valid(self, form):
        meeting = services.cancel_meeting(
            self.get_meeting(), by=self.request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(self.request, "Meeting cancelled; everyone invited will be told.")
        return redirect(meeting)


class MeetingDetailView(PartnershipMixin, DetailView):
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return (
            self.get_partnership()
            .meetings.select_related("host", "series", "minutes__drafted_by", "minutes__approved_at_meeting")
            .prefetch_related(
                Prefetch(
                    "agenda_items",
                    queryset=AgendaItem.objects.select_related("presenter").prefetch_related(
                        Prefetch("papers", queryset=Paper.objects.select_related("uploaded_by"))
                    ),
                ),
                Prefetch(
                    "invitations", queryset=Invitation.objects.select_related("person", "board__organisation")
                ),
                Prefetch(
                    "actions",
                    queryset=Action.objects.select_related("owner", "owner_organisation", "agenda_item"),
                ),
                Prefetch(
                    "priorities__commitments",
                    queryset=Clause.objects.select_related("agreement").order_by("position"),
                ),
                Prefetch("changes", queryset=MeetingChange.objects.select_related("by")),
            )
        )

    def get_context_data(self, **kwargs):
        meeting = self.object
        user = self.request.user
        invitations = list(meeting.invitations.all())
        my_invitation = next((i for i in invitations if i.person_id == user.pk), None)
        minutes = getattr(meeting, "minutes", None)
        agenda = list(meeting.agenda_items.all())
        return super().get_context_data(
            agenda=[(item, item.may_add_papers(user)) for item in agenda],
            is_past=meeting.is_past,
            has_started=meeting.has_started,  # from then on, its time, agenda and papers stay
            attendance_open=meeting.attendance_is_open,
            # What the boards decided on the day, shown once the meeting has taken place.
            decisions=(
                Decision.objects.filter(
                    proposal__partnership_id=meeting.partnership_id, decided_on=meeting.day
                )
                .exclude(outcome=Decision.Outcome.PENDING)
                .select_related("proposal", "board__organisation")
                if meeting.is_past
                else Decision.objects.none()
            ),
            invitations=invitations,
            my_invitation=my_invitation,
            response_form=InvitationResponseForm(instance=my_invitation) if my_invitation else None,
            boards=meeting.attendance_by_board(),
            minutes=minutes,
            minutes_to_approve=meeting.minutes_to_approve(),
            can_manage=user.is_partnership_admin,
            can_add_actions=user.can_create_records,
            history=history_entries(meeting, limit=20),
            **kwargs,
        )
