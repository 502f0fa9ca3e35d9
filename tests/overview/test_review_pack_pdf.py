"""3.5: the review pack as a PDF made on the server, for a board to take into the room: a cover with the
partnership, its parties, the meeting and "As at", contents with page numbers, every section, the lists
of what changed, and "Page X of Y" on every page."""

import io
import re
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader
from weasyprint import HTML

from overview.review_pdf import NothingFetched
from tests.meetings.factories import MeetingFactory

LONDON = ZoneInfo("Europe/London")


def at(year, month, day, hour=10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=LONDON)


@pytest.fixture
def review(partnership, hlep):
    MeetingFactory(partnership=partnership, host=hlep, starts_at=at(2026, 5, 1), title="Spring review")
    return MeetingFactory(
        partnership=partnership, host=hlep, starts_at=at(2026, 11, 1), title="Autumn review"
    )


def pdf_pages(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


def test_the_pdf_has_a_cover_contents_and_numbered_pages(board_client, review, hlep, cpca):
    with time_machine.travel(at(2026, 11, 20, 14), tick=False):
        response = board_client.get(f"/reviews/{review.pk}/pack.pdf")
    pages = pdf_pages(response)
    cover, contents = pages[0], pages[1]
    text = "\n".join(pages)

    assert 'filename="review-pack-2026-11-01.pdf"' in response["Content-Disposition"]
    assert "HLEP and CPCA strategic" in cover
    assert hlep.name in cover.replace("\n", " ") and cpca.name in cover.replace("\n", " ")
    assert "Autumn review" in cover
    assert "As at 20 November 2026 at 2pm" in cover
    assert "2 May 2026 to 1 November 2026" in cover
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
    # The contents give the page each part starts on.
    assert contents.startswith("Contents")
    entries = dict(re.findall(r"^(\w[\w ]+?) \.+ (\d+)$", contents, re.M))
    assert entries["Joint projects"] == "3"
    assert int(entries["Consultations answered late"]) == len(pages)
    assert "Projects turned red" in text and "Board decisions recorded" in text
    assert "No bid was won in this period." in text


def test_a_pdf_before_the_review_is_to_date_in_london_time(board_client, review):
    with time_machine.travel(datetime(2026, 7, 1, 9, tzinfo=ZoneInfo("UTC")), tick=False):
        cover = pdf_pages(board_client.get(f"/reviews/{review.pk}/pack.pdf"))[0]
    assert "As at 1 July 2026 at 10am" in cover  # British Summer Time
    assert "This period to date" in cover
    assert "2 May 2026 to date" in cover


def test_another_partnership_cannot_download_the_pdf(client, outsider, review):
    assert client.get(f"/reviews/{review.pk}/pack.pdf").status_code == 302  # sign in first
    client.force_login(outsider)
    response = client.get(f"/reviews/{review.pk}/pack.pdf")
    assert response.status_code == 404
    assert not response.content.startswith(b"%PDF")


def test_the_pack_page_links_to_the_pdf(board_client, review):
    content = board_client.get(f"/reviews/{review.pk}/pack/").content.decode()
    assert f'href="/reviews/{review.pk}/pack.pdf"' in content
    assert "Download as PDF" in content


class Counting(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):
        Counting.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_rendering_fetches_nothing_over_the_network():
    server = HTTPServer(("127.0.0.1", 0), Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    address = f"http://127.0.0.1:{server.server_port}"
    page = f'<link rel="stylesheet" href="{address}/style.css"><img src="{address}/logo.png"><p>Pack</p>'
    try:
        pdf = HTML(string=page, base_url=address, url_fetcher=NothingFetched()).write_pdf()
        refused, Counting.requests = Counting.requests, []
        HTML(string=page, base_url=address).write_pdf()  # WeasyPrint's own fetcher would ask
    finally:
        server.shutdown()
        server.server_close()
    assert pdf.startswith(b"%PDF")
    assert refused == []
    assert sorted(Counting.requests) == ["/logo.png", "/style.css"]
