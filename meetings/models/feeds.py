"""Each person's private calendar subscription."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from partnership.models import Person


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private calendar subscription; the token in its URL is the only key to it."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Calendar feed of {self.person}"

    def get_absolute_url(self):
        return reverse("meetings:person-feed", args=[self.token])

    def url(self) -> str:
        return settings.ACCORD_SITE_URL.rstrip("/") + self.get_absolute_url()

    def webcal_url(self) -> str:
        """The same address as webcal://, which opens the calendar app ready to subscribe."""
        return "webcal://" + self.url().split("://", 1)[1]
