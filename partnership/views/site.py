"""Pages about the service itself."""

import sys

from celery import current_app as celery_app
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.views.generic import TemplateView
from kombu import Connection


class AccessibilityStatementView(TemplateView):
    template_name = "partnership/accessibility.html"


def healthz(request):
    """Public: reports whether the database and the broker answer, for load balancers and compose."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:  # any failure here means "not healthy", whatever its kind
        checks["database"] = f"unreachable: {error.__class__.__name__}"
    try:
        # celery_app is config/celery.py's app: it became the current one when Django's settings loaded.
        with Connection(
            celery_app.conf.broker_url, transport_options=celery_app.conf.broker_transport_options
        ) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        checks["broker"] = "ok"
    except Exception as error:
        checks["broker"] = f"unreachable: {error.__class__.__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unhealthy", **checks}, status=200 if healthy else 503
    )


def server_error(request):
    """Django's 500 page, except when the database is down for a moment: then a 503 that says so,
    so people (and load balancers) know to try again rather than report a fault."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return HttpResponse(render_to_string("503.html"), status=503, headers={"Retry-After": "60"})
    return HttpResponseServerError(render_to_string("500.html"))
