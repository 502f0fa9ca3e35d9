from django import template

from reminders.views import record_url

register = template.Library()


@register.simple_tag
def reminders_url(record) -> str:
    """{% load reminders %}{% reminders_url meeting %}: the admins' page of its reminders."""
    return record_url(record)
