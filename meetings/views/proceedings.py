"""What happens at a meeting: invitations answered, attendance, minutes, and agreed priorities."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import FormView, View

from partnership.models import Person
from partnership.once import OnceMixin
from partnership.permissions import PartnershipAdminRequiredMixin
from partnership.templatetags.accord import weekday
from partnership.writes import values_of
from reminders.links import LinkRefused, refused_page

from .. import services
from ..answer_links import read_answer
from ..forms import (
    ApproveMinutesForm,
    AttendanceForm,
    InvitationResponseForm,
    MinutesForm,
    PriorityForm,
)
from ..models import Invitation, Meeting, Minutes
from .base import MeetingFormPageMixin


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

    def get(self, request, *args, **kwargs):
        if self.get_meeting().is_past:  # nothing to ask: say so, with no form that could only fail
            self.get_invitation()  # someone not invited is still refused
            return render(request, "meetings/closed.html", self.get_context_data(form=None))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        if self.get_meeting().is_past:
            self.page_title = "Answers to this invitation are closed"
            kwargs.setdefault("intro", "The meeting has taken place, so answers can no longer change.")
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        try:
            services.answer_invitation(
                self.get_meeting(),
                person=self.request.user,
                response=form.cleaned_data["response"],
                substitute_name=form.cleaned_data["substitute_name"],
            )
        except ValidationError as refused:
            form.add_error(None, refused)
            return self.form_invalid(form)
        messages.success(self.request, "Thank you: your answer is recorded.")
        return redirect(self.get_meeting())


class AttendanceView(PartnershipAdminRequiredMixin, MeetingFormPageMixin, FormView):
    form_class = AttendanceForm
    page_title = "Record attendance"

    def get_form_kwargs(self):
        services.sync_invitations(self.get_meeting())
        return {**super().get_form_kwargs(), "meeting": self.get_meeting()}

    def get_context_data(self, **kwargs):
        meeting = self.get_meeting()
        if not meeting.attendance_is_open:
            kwargs.setdefault(
                "intro",
                f"Attendance can be recorded from the day of the meeting, {weekday(meeting.starts_at)}.",
            )
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        try:
            services.record_attendance(
                self.get_meeting(), attended_ids=[i.pk for i in form.cleaned_data["attended"]]
            )
        except ValidationError as refused:
            form.add_error(None, refused)
            return self.form_invalid(form)
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


class PriorityCreateView(OnceMixin, PartnershipAdminRequiredMixin, MeetingFormPageMixin, FormView):
    form_class = PriorityForm
    page_title = "Record an agreed priority"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.get_partnership()}

    def form_valid(self, form):
        services.record_priority(self.get_meeting(), by=self.request.user, **values_of(form))
        messages.success(self.request, "Priority recorded.")
        return redirect(self.get_meeting().get_absolute_url() + "#priorities")


# Answers a link can give; sending a substitute needs their name, so it is answered on the meeting's page.
EMAIL_ANSWERS = [Invitation.Response.ATTENDING, Invitation.Response.NOT_ATTENDING]


class AnswerByEmailView(View):
    """An invitation email's answer link: GET shows one button (mail scanners follow links, so a GET
    changes nothing), POST records the answer for the person the signed link names."""

    def _read(self, token):
        answer = read_answer(token)
        meeting = Meeting.objects.filter(pk=answer.meeting_id).select_related("partnership").first()
        person = Person.objects.filter(pk=answer.person_id, is_active=True).first()
        if meeting is None or person is None or answer.response not in EMAIL_ANSWERS:
            raise LinkRefused("This link no longer works. Sign in to Accord to answer the invitation.")
        if meeting.is_cancelled:
            raise LinkRefused("This meeting has been cancelled, so there is nothing to answer.")
        if meeting.has_started:
            raise LinkRefused("This meeting has started, so answers to its invitation are closed.")
        if not meeting.invitees().filter(pk=person.pk).exists():
            raise LinkRefused("You are no longer invited to this meeting, so there is nothing to answer.")
        return person, meeting, answer.response

    def _page(self, request, person, meeting, response, done=False):
        return render(
            request,
            "meetings/answer_by_email.html",
            {
                "person": person,
                "meeting": meeting,
                "response": response,
                "response_label": Invitation.Response(response).label,
                "done": done,
            },
        )

    def get(self, request, token):
        try:
            return self._page(request, *self._read(token))
        except LinkRefused as refused:
            return refused_page(request, refused)

    def post(self, request, token):
        try:
            person, meeting, response = self._read(token)
            services.answer_invitation(meeting, person=person, response=response)
        except LinkRefused as refused:
            return refused_page(request, refused)
        except ValidationError as error:
            return refused_page(request, LinkRefused(" ".join(error.messages)))
        return self._page(request, person, meeting, response, done=True)
