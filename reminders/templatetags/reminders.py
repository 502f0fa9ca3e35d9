from django import template

from reminders.views import subject_url

register = template.Library()


@register.simple_tag
def reminders_url(subject) -> str:
    """{% load reminders %}{% reminders_url meeting %}: the admins' page of its reminders."""
    return subject_url(subject)
