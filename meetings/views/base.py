from django.shortcuts import get_object_or_404
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
