from django.shortcuts import get_object_or_404, render
from django.views.generic.edit import FormMixin

from partnership.permissions import PartnershipMixin

from ..models import Meeting


class MeetingMixin(PartnershipMixin):
    """Pages about one meeting of the signed-in person's partnership (another partnership's: 404)."""

    meeting_kwarg = "pk"

    def get_meeting(self) -> Meeting:
        if not hasattr(self, "_meeting"):
            self._meeting = get_object_or_404(
                Meeting.objects.select_related("host", "partnership"),
                partnership=self.get_partnership(),
                pk=self.kwargs[self.meeting_kwarg],
            )
        return self._meeting


class FormPageMixin(FormMixin):
    """Renders with the shared GOV.UK question page."""

    template_name = "includes/form_page.html"
    page_title = ""
    caption = ""

    def get_cancel_url(self) -> str:
        return ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=self.page_title,
            caption=self.caption,
            cancel_url=self.get_cancel_url(),
            **kwargs,
        )


class MeetingFormPageMixin(MeetingMixin, FormPageMixin):
    """A question page about one meeting: captioned with it, and cancelling back to it."""

    def get_context_data(self, **kwargs):
        self.caption = str(self.get_meeting())
        return super().get_context_data(**kwargs)

    def get_cancel_url(self) -> str:
        return self.get_meeting().get_absolute_url()


class BeforeItStartsMixin:
    """A page that changes what a meeting is to be: its time, its agenda, its papers. From the
    meeting's start (Meeting.has_started) it answers GET and POST alike with a page saying why not
    (403), as its service would refuse. List it after the permission mixins, so who is asking is
    checked first."""

    refused_because = ""  # completes "The meeting has started, so …"

    def meeting_to_change(self) -> Meeting:
        return self.get_meeting()  # type: ignore[attr-defined]

    def dispatch(self, request, *args, **kwargs):
        meeting = self.meeting_to_change()
        if not meeting.has_started:
            return super().dispatch(request, *args, **kwargs)
        context = {
            "page_title": "This meeting can no longer be changed",
            "caption": str(meeting),
            "intro": f"The meeting has started, so {self.refused_because}. Its minutes, attendance, "
            "actions and agreed priorities are recorded on its page.",
            "cancel_url": meeting.get_absolute_url(),
        }
        return render(request, "meetings/closed.html", context, status=403)
