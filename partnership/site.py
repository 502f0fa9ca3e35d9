"""Where Accord is and what time it keeps: full links for emails and calendars, and London moments."""

from datetime import date, datetime, time

from django.conf import settings
from django.utils import timezone


def absolute_url(path: str) -> str:
    """A path of the site as a full link, for places outside a page: emails and calendars."""
    return settings.ACCORD_SITE_URL.rstrip("/") + path


def client_address(request) -> str:
    """The address of the person's computer. Behind ACCORD_TRUSTED_PROXIES reverse proxies (a TLS
    terminator, a load balancer) the connection comes from the nearest proxy, and the client is the
    entry that many from the right of X-Forwarded-For: entries further left are the client's to forge."""
    proxies = settings.ACCORD_TRUSTED_PROXIES
    if proxies:
        forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= proxies and forwarded[-proxies]:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def local(on: date, at: time) -> datetime:
    """A London date and clock time as a moment."""
    return timezone.make_aware(datetime.combine(on, at))
