"""Where Accord is and what time it keeps: full links for emails and calendars, and London moments."""

from datetime import date, datetime, time

from django.conf import settings
from django.utils import timezone


def absolute_url(path: str) -> str:
    """A path of the site as a full link, for places outside a page: emails and calendars."""
    return settings.ACCORD_SITE_URL.rstrip("/") + path


def local(on: date, at: time) -> datetime:
    """A London date and clock time as a moment."""
    return timezone.make_aware(datetime.combine(on, at))
