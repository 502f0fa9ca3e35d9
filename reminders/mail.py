"""Reminder emails: an HTML and a plain-text part, from the partnership's sender address, with a link
to the person's email preferences, and for optional kinds the one-click unsubscribe of RFC 8058."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from partnership.site import absolute_url

from .links import unsubscribe_url
from .models import Sender


def sender_for(partnership_id: int | None) -> str:
    sender = Sender.objects.filter(partnership_id=partnership_id).first() if partnership_id else None
    return sender.from_email if sender else settings.DEFAULT_FROM_EMAIL


def message_id(delivery_ids) -> str:
    """The same for every attempt at the same delivery, so a resend after a crash is one message."""
    host = urlsplit(settings.ACCORD_SITE_URL).hostname or "accord.localhost"
    return f"<reminder-{'-'.join(str(i) for i in delivery_ids)}@{host}>"


def _render(template: str, context: dict) -> tuple[str, str, str]:
    subject = " ".join(render_to_string(f"email/{template}.subject.txt", context).split())
    if context.get("partnership"):
        # People sit on more than one partnership: the subject says which this is about.
        subject = f"{subject} – {context['partnership'].name}"
    return (
        subject,
        render_to_string(f"email/{template}.txt", context),
        render_to_string(f"email/{template}.html", context),
    )


def _email(*, subject, text, html, from_email, to, delivery_ids, unsubscribe="") -> EmailMultiAlternatives:
    headers = {"Message-ID": message_id(delivery_ids), "Auto-Submitted": "auto-generated"}
    if unsubscribe:
        # RFC 2369 and RFC 8058: mail clients show "Unsubscribe" and POST to the link, without a session.
        # No mailto: nothing reads mail sent to the partnership's address automatically.
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=from_email, to=[to], headers=headers
    )
    message.attach_alternative(html, "text/html")
    return message


def build_message(delivery, *, kind, record) -> EmailMultiAlternatives:
    reminder = delivery.reminder
    context = {
        "person": delivery.person,
        "record": record,
        "reminder": reminder,
        "kind": kind,
        "url": absolute_url(kind.url(record)),
        "reason": kind.reason,
        "site_url": settings.ACCORD_SITE_URL,
        "partnership": reminder.partnership,
        "preferences_url": absolute_url(reverse("reminders:preferences")),
        "unsubscribe_url": unsubscribe_url(delivery.person, kind.name) if kind.optional else "",
        **kind.extra_context(record, delivery.person),
    }
    subject_line, text, html = _render(kind.template_name, context)
    message = _email(
        subject=subject_line,
        text=text,
        html=html,
        from_email=sender_for(reminder.partnership_id),
        to=delivery.email,
        delivery_ids=[delivery.pk],
        unsubscribe=context["unsubscribe_url"],
    )
    for filename, content, mimetype in kind.attachments(record, reminder):
        message.attach(filename, content, mimetype)
    return message


def build_digest(person, items) -> EmailMultiAlternatives:
    """items: [(delivery, kind, record)] — one email listing them all."""
    entries = [
        {
            "kind": kind,
            "record": record,
            "reminder": delivery.reminder,
            "url": absolute_url(kind.url(record)),
            "reason": kind.reason,
        }
        for delivery, kind, record in items
    ]
    partnerships = {delivery.reminder.partnership for delivery, _, _ in items}
    context = {
        "person": person,
        "entries": entries,
        "site_url": settings.ACCORD_SITE_URL,
        "partnership": partnerships.pop() if len(partnerships) == 1 else None,
        "preferences_url": absolute_url(reverse("reminders:preferences")),
    }
    subject_line, text, html = _render("digest", context)
    return _email(
        subject=subject_line,
        text=text,
        html=html,
        from_email=sender_for(items[0][0].reminder.partnership_id),
        to=items[0][0].email,
        delivery_ids=[delivery.pk for delivery, _, _ in items],
    )
