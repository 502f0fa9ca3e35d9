from django.http.request import HttpRequest
from rest_framework.permissions import SAFE_METHODS

from partnership.models import Partnership

from . import dashboard


def fresh_dashboard_after_changes(get_response):
    """Whatever someone changes through Accord (its pages or the admin) shows on the dashboard
    at once: the person who turns a project red expects to see it there, not a minute later."""

    def middleware(request: HttpRequest):
        response = get_response(request)
        if (
            request.method not in SAFE_METHODS
            and response.status_code < 400
            and request.user.is_authenticated
        ):
            # Views commit their own writes (no ATOMIC_REQUESTS), so the change is saved by now.
            dashboard.forget_figures(
                Partnership.objects.for_person(request.user).values_list("pk", flat=True)
            )
        return response

    return middleware
