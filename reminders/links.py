"""Signed links in emails that work without signing in: switching a kind of email off (RFC 8058
one-click unsubscribe) here, and the links features put in their own emails (a meeting's answer
links). The signature, not a session, says who is asking; each kind of link has its own salt, so one
kind of link cannot be passed off as another."""

from datetime import timedelta

from django.core import signing
from django.shortcuts import render
from django.urls import reverse

from partnership.site import absolute_url

UNSUBSCRIBE_SALT = "reminders.unsubscribe"


class LinkRefused(Exception):
    """The link cannot be used; the message says why, in words for the person who followed it."""


def load(token: str, *, salt: str, max_age: timedelta | None = None, expired: str = "") -> dict:
    """The signed link's data; LinkRefused, saying why, if it was changed or is older than max_age."""
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkRefused(expired or "This link has expired. Sign in to Accord instead.") from error
    except signing.BadSignature as error:
        raise LinkRefused(
            "This link is not valid. Check you copied all of it from the email, or sign in to Accord."
        ) from error


def unsubscribe_url(person, kind_name: str) -> str:
    # Never expires: a mail client may offer "unsubscribe" on an old message.
    token = signing.dumps({"person": person.pk, "kind": kind_name}, salt=UNSUBSCRIBE_SALT)
    return absolute_url(reverse("reminders:unsubscribe", args=[token]))


def read_unsubscribe(token: str) -> tuple[int, str]:
    data = load(token, salt=UNSUBSCRIBE_SALT)
    return data["person"], data["kind"]


def refused_page(request, refused: LinkRefused):
    """What a person who followed an unusable link sees: why, in words, and never a server error."""
    return render(request, "reminders/link_refused.html", {"message": str(refused)}, status=400)
