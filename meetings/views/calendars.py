from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import TemplateView

from ..calendar import meeting_calendar, person_feed
from ..models import CalendarFeed, new_token
from .base import MeetingMixin

ICS = "text/calendar; charset=utf-8"


class MeetingCalendarView(MeetingMixin, View):
    def get(self, request, pk):
        response = HttpResponse(meeting_calendar(self.get_meeting()), content_type=ICS)
        response["Content-Disposition"] = f'attachment; filename="meeting-{pk}.ics"'
        return response


class CalendarFeedView(LoginRequiredMixin, TemplateView):
    """Your private calendar feed: its address, and turning it on, renewing or revoking it."""

    template_name = "meetings/calendar_feed.html"

    def get_context_data(self, **kwargs):
        feed = CalendarFeed.objects.filter(person=self.request.user).first()
        return super().get_context_data(feed=feed, **kwargs)

    def post(self, request):
        action = request.POST.get("action")
        if action == "revoke":
            CalendarFeed.objects.filter(person=request.user).delete()
            messages.success(request, "Your calendar feed is switched off. Its old address no longer works.")
        else:
            CalendarFeed.objects.update_or_create(person=request.user, defaults={"token": new_token()})
            messages.success(
                request,
                "Your calendar feed has a new address. Any old address no longer works."
                if action == "regenerate"
                else "Your calendar feed is ready. Add its address to your calendar app.",
            )
        return redirect("meetings:calendar-feed")


def person_feed_view(request, token: str):
    """Public by token: calendar apps cannot sign in. A revoked or renewed token is simply not found."""
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("person"), token=token, person__is_active=True
    )
    return HttpResponse(person_feed(feed.person), content_type=ICS)
