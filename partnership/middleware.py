"""Accord's own middleware: what every answer carries, and addresses refused before any view."""

import re

from django.http import Http404, HttpRequest


def no_store(get_response):
    """Nothing Accord's pages, files or API send is kept by the browser or a proxy: a shared
    computer's back button or a cache must not show a signed-out person's pages, papers or keys.
    Public pages (sign in, accessibility) are cheap and carry a form token, so they are not kept
    either; static files are served before this and keep WhiteNoise's long caching."""

    def middleware(request: HttpRequest):
        response = get_response(request)
        response.setdefault("Cache-Control", "no-store")
        return response

    return middleware


# No address or filter of Accord holds a control character, and PostgreSQL refuses a NUL outright.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def refuse_control_characters(get_response):
    """A path or query value with a control character names nothing here: 404, before it reaches a
    query. Form bodies are left alone: a textarea's line breaks are control characters too."""

    def middleware(request):
        if CONTROL.search(request.path) or any(
            CONTROL.search(text) for key, values in request.GET.lists() for text in (key, *values)
        ):
            raise Http404("No such page.")
        return get_response(request)

    return middleware
