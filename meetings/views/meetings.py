from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from partnership.history import history_entries
from partnership.models import Clause
from partnership.permissions import PartnershipAdminRequiredMixin, PartnershipMixin

from .. import services
from ..forms import (
    AgendaItemForm,
    ApproveMinutesForm,
    AttendanceForm,
    CancelMeetingForm,
    InvitationResponseForm,
    MeetingForm,
    MeetingSeriesForm,
    MinutesForm,
    PaperUploadForm,
    PriorityForm,
)
from ..models import Action, AgendaItem, Invitation, MeetingChange, Minutes, Paper
from .base import FormPageMixin, MeetingFormPageMixin, MeetingMixin


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


class MeetingSeriesView(PartnershipMixin, PartnershipAdminRequiredMixin, FormPageMixin, FormView):
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
        series = form.save()
        made = services.schedule_series(series=series, count=2, by=self.request.user)
        messages.success(
            self.request,
            f"Series saved. {len(made)} new meeting{'s' if len(made) != 1 else ''} scheduled."
            if made
            else "Series saved. Its next meetings were already on the calendar.",
        )
        return redirect("meetings:index")


class MeetingCreateView(PartnershipMixin, PartnershipAdminRequiredMixin, FormPageMixin, FormView):
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
            by=self.request.user,
            **form.meeting_values(),
        )
        messages.success(self.request, "Meeting scheduled; everyone invited will be told.")
        return redirect(meeting)


class MeetingUpdateView(MeetingMixin, PartnershipAdminRequiredMixin, FormPageMixin, FormView):
    """Reschedule a meeting or change its details."""

    form_class = MeetingForm
    page_title = "Change the meeting"

    def get_form_kwargs(self):
        meeting = self.get_meeting()
        if meeting.is_cancelled:
            raise PermissionDenied("A cancelled meeting cannot be changed.")
        return {**super().get_form_kwargs(), "partnership": self.get_partnership(), "meeting": meeting}

    def get_cancel_url(self):
        return self.get_meeting().get_absolute_url()

    def form_valid(self, form):
        with transaction.atomic():
            meeting = services.update_meeting(
                self.get_meeting(), by=self.request.user, **form.meeting_values()
            )
            services.set_officers(meeting, officers=form.cleaned_data["officers"])
        messages.success(self.request, "Meeting saved; everyone invited will be told what changed.")
        return redirect(meeting)


class MeetingCancelView(MeetingMixin, PartnershipAdminRequiredMixin, FormPageMixin, FormView):
    form_class = CancelMeetingForm

    def get_form(self, form_class=None):
        if self.get_meeting().is_cancelled:
            raise PermissionDenied("The meeting is already cancelled.")
        return super().get_form(form_class)

    def get_context_data(self, **kwargs):
        self.page_title = f"Cancel the {self.get_meeting()}?"
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
            invitations=invitations,
            my_invitation=my_invitation,
            response_form=InvitationResponseForm(instance=my_invitation) if my_invitation else None,
            boards=meeting.attendance_by_board(),
            minutes=minutes,
            # 3.2.1: the last meeting's minutes wait for approval at this one.
            minutes_to_approve=Minutes.objects.filter(
                meeting__partnership=meeting.partnership,
                meeting__starts_at__lt=meeting.starts_at,
                approved_on__isnull=True,
            )
            .select_related("meeting")
            .order_by("-meeting__starts_at")
            .first(),
            can_manage=user.is_partnership_admin,
            can_add_actions=user.is_partnership_admin or user.is_officer,
            history=history_entries(meeting, limit=20),
            **kwargs,
        )


class AgendaItemCreateView(MeetingMixin, PartnershipAdminRequiredMixin, FormPageMixin, FormView):
    form_class = AgendaItemForm
    page_title = "Add an agenda item"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.get_partnership()}

    def get_cancel_url(self):
        return self.get_meeting().get_absolute_url()

    def form_valid(self, form):
        meeting = self.get_meeting()
        services.add_agenda_item(meeting, **form.cleaned_data)
        messages.success(self.request, "Agenda item added.")
        return redirect(meeting)


class AgendaItemMixin(PartnershipMixin):
    def get_item(self) -> AgendaItem:
        if not hasattr(self, "_item"):
            self._item = get_object_or_404(
                AgendaItem.objects.select_related("meeting__partnership", "presenter"),
                meeting__partnership=self.get_partnership(),
                pk=self.kwargs["pk"],
            )
        return self._item


class AgendaItemUpdateView(AgendaItemMixin, PartnershipAdminRequiredMixin, FormPageMixin, FormView):
    form_class = AgendaItemForm
    page_title = "Change the agenda item"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "partnership": self.get_partnership(),
            "instance": self.get_item(),
        }

    def get_cancel_url(self):
        return self.get_item().get_absolute_url()

    def form_valid(self, form):
        item = form.save()
        messages.success(self.request, "Agenda item saved.")
        return redirect(item.get_absolute_url())


class AgendaItemMoveView(AgendaItemMixin, PartnershipAdminRequiredMixin, View):
    """Move an item up or down. A plain form post redirects back; the page's script asks for JSON."""

    def post(self, request, pk):
        item = self.get_item()  # another partnership's item is not found, whatever was posted
        direction = request.POST.get("direction")
        if direction not in ("up", "down"):
            return JsonResponse({"error": "direction must be up or down"}, status=400)
        items = services.move_agenda_item(item, direction=direction)
        if "application/json" in request.headers.get("Accept", ""):
            return JsonResponse({"order": [item.pk for item in items]})
        return redirect(item.get_absolute_url())


class PaperUploadView(AgendaItemMixin, FormPageMixin, FormView):
    form_class = PaperUploadForm
    page_title = "Upload a paper"

    def get_form(self, form_class=None):
        item = self.get_item()
        if not item.may_add_papers(self.request.user):
            raise PermissionDenied("Only admins, officers and the item's presenter upload its papers.")
        return super().get_form(form_class)

    def get_context_data(self, **kwargs):
        item = self.get_item()
        deadline = timezone.localtime(item.meeting.papers_deadline)
        self.caption = f"{item.meeting} — {item.title}"
        context = super().get_context_data(**kwargs)
        context["intro"] = f"Papers are due by {deadline:%-d %B %Y, %H:%M}." + (
            " The deadline has passed: this paper will be marked late."
            if item.meeting.papers_are_late
            else ""
        )
        return context

    def get_cancel_url(self):
        return self.get_item().get_absolute_url()

    def form_valid(self, form):
        item = self.get_item()
        upload = form.cleaned_data["file"]
        paper = Paper.objects.create(
            agenda_item=item,
            title=form.cleaned_data["title"],
            file=upload,
            original_name=upload.name,
            content_type=upload.content_type,
            size=upload.size,
            uploaded_by=self.request.user,
        )
        late = " It arrived after the deadline, so it is marked late." if paper.is_late else ""
        messages.success(self.request, f"Paper uploaded.{late}")
        return redirect(item.get_absolute_url())


class PaperDownloadView(PartnershipMixin, View):
    """Papers are only for the partnership's members, so they never sit at a public URL."""

    def get(self, request, pk):
        paper = get_object_or_404(Paper, agenda_item__meeting__partnership=self.get_partnership(), pk=pk)
        try:
            handle = paper.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404("The paper's file is missing.") from missing
        return FileResponse(
            handle, as_attachment=True, filename=paper.original_name, content_type=paper.content_type
        )


class InvitationResponseView(MeetingFormPageMixin, FormView):
    """Everyone invited answers for themselves: attending, not attending or sending a substitute."""

    form_class = InvitationResponseForm
    page_title = "Will you attend?"

    def get_invitation(self) -> Invitation:
        meeting = self.get_meeting()
        if not meeting.invitees().filter(pk=self.request.user.pk).exists():
            raise PermissionDenied("You are not invited to this meeting.")
        services.sync_invitations(meeting)
        return meeting.invitations.get(person=self.request.user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_invitation()}

    def form_valid(self, form):
        services.answer_invitation(
            self.get_meeting(),
            person=self.request.user,
            response=form.cleaned_data["response"],
            substitute_name=form.cleaned_data["substitute_name"],
        )
        messages.success(self.request, "Thank you: your answer is recorded.")
        return redirect(self.get_meeting())


class AttendanceView(PartnershipAdminRequiredMixin, MeetingFormPageMixin, FormView):
    form_class = AttendanceForm
    page_title = "Record attendance"

    def get_form_kwargs(self):
        services.sync_invitations(self.get_meeting())
        return {**super().get_form_kwargs(), "meeting": self.get_meeting()}

    def form_valid(self, form):
        services.record_attendance(
            self.get_meeting(), attended_ids=[i.pk for i in form.cleaned_data["attended"]]
        )
        messages.success(self.request, "Attendance saved.")
        return redirect(self.get_meeting().get_absolute_url() + "#attendance")


class MinutesView(PartnershipAdminRequiredMixin, MeetingFormPageMixin, FormView):
    form_class = MinutesForm
    page_title = "Draft the minutes"

    def get_form_kwargs(self):
        minutes = Minutes.objects.filter(meeting=self.get_meeting()).first()
        if minutes and minutes.is_approved:
            raise PermissionDenied("Approved minutes cannot be changed.")
        return {**super().get_form_kwargs(), "instance": minutes}

    def form_valid(self, form):
        services.save_minutes(self.get_meeting(), text=form.cleaned_data["text"], by=self.request.user)
        messages.success(self.request, "Draft minutes saved.")
        return redirect(self.get_meeting().get_absolute_url() + "#minutes")


class MinutesApproveView(PartnershipAdminRequiredMixin, MeetingFormPageMixin, FormView):
    form_class = ApproveMinutesForm
    page_title = "Record the approval of the minutes"

    def get_minutes(self) -> Minutes:
        return get_object_or_404(Minutes, meeting=self.get_meeting())

    def get_form_kwargs(self):
        self.get_minutes()
        return {**super().get_form_kwargs(), "meeting": self.get_meeting()}

    def form_valid(self, form):
        services.approve_minutes(
            self.get_minutes(), at_meeting=form.cleaned_data["at_meeting"], on=form.cleaned_data["on"]
        )
        messages.success(self.request, "The approval of the minutes is recorded.")
        return redirect(self.get_meeting().get_absolute_url() + "#minutes")


class PriorityCreateView(PartnershipAdminRequiredMixin, MeetingFormPageMixin, FormView):
    form_class = PriorityForm
    page_title = "Record an agreed priority"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.get_partnership()}

    def form_valid(self, form):
        form.instance.meeting = self.get_meeting()
        form.save()
        messages.success(self.request, "Priority recorded.")
        return redirect(self.get_meeting().get_absolute_url() + "#priorities")
