"""The review pack as a PDF a board can take into the room, made on the server by WeasyPrint: a cover,
contents with page numbers, every section and the lists of what changed, "Page X of Y" on each page."""

from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from .review_pack import ReviewPack, pack_charts

STYLESHEET = "accord/review-pack-pdf.css"


class NothingFetched(URLFetcher):
    """Rendering reads nothing from the network or the disk: the stylesheet is given as text, and the
    pack has no images. A URL in the page (someone's text, say) is refused, not fetched."""

    def fetch(self, url, headers=None):
        raise ValueError(f"The review pack fetches nothing: {url}")


def write_pdf(pack: ReviewPack, *, base_url: str) -> bytes:
    """The pack as PDF bytes; `base_url` (the site's address) makes its links absolute."""
    html = render_to_string(
        "overview/review_pack_pdf.html",
        {
            "pack": pack,
            "charts": pack_charts(pack),
            "parties": pack.meeting.partnership.parties.order_by("name"),
            "as_at": timezone.localtime(),
        },
    )
    fetcher = NothingFetched()
    path = finders.find(STYLESHEET)
    if not isinstance(path, str):
        raise ImproperlyConfigured(f"The review pack's print stylesheet {STYLESHEET} is missing.")
    with open(path, encoding="utf-8") as stylesheet:
        css = CSS(string=stylesheet.read(), url_fetcher=fetcher)
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(stylesheets=[css])
