"""What every list and table does on a narrow screen: filters folded under "Filter (N applied)",
tables scrolling inside a named region, and every form control styled at GOV.UK's size. The 320 px
browser check of every page is in tests/journeys/test_crawl.py."""

import re

import pytest
from django.template import Context, Template, TemplateSyntaxError


def filter_summary(response) -> str:
    match = re.search(r'<span class="govuk-details__summary-text">(.*?)</span>', response.content.decode())
    return match[1]


def test_unfiltered_list_offers_the_folded_filters_and_no_clear_link(officer_client):
    response = officer_client.get("/projects/")
    assert filter_summary(response) == "Filter"
    assert b'<details class="govuk-details accord-filters">' in response.content
    assert b"Clear filters" not in response.content


def test_the_summary_counts_the_filters_applied_but_not_the_sort_or_empty_ones(officer_client):
    response = officer_client.get(
        "/projects/", {"sector": "housing", "rag": "red", "q": " ", "sort": "title"}
    )
    assert filter_summary(response) == "Filter (2 applied)"
    assert b'href="/projects/">Clear filters</a>' in response.content


def test_a_filter_with_an_error_opens_so_the_error_is_seen(board_client):
    response = board_client.get("/meetings/actions/", {"status": "no-such-status"})
    assert b'<details class="govuk-details accord-filters" open>' in response.content
    assert b"Select a valid choice" in response.content


@pytest.mark.parametrize(
    "path",
    [
        "/projects/",
        "/funding/",
        "/funding/opportunities/",
        "/consultations/",
        "/evidence/",
        "/meetings/actions/",
    ],
)
def test_every_list_folds_its_filters(board_client, path):
    assert filter_summary(board_client.get(path)) == "Filter"


def test_a_table_scrolls_in_a_region_named_by_its_caption():
    rendered = Template(
        "{% load accord %}{% scrollable %}<table><caption class='x'>Bids by\n  stage</caption></table>"
        "{% endscrollable %}"
    ).render(Context())
    assert rendered.startswith(
        '<div class="accord-scroll" role="region" aria-label="Bids by stage" tabindex="0"><table>'
    )


def test_a_table_with_neither_caption_nor_label_is_refused_not_left_unnamed():
    template = Template("{% load accord %}{% scrollable %}<table></table>{% endscrollable %}")
    with pytest.raises(TemplateSyntaxError):
        template.render(Context())


def test_date_url_and_file_fields_get_govuk_inputs(officer_client):
    page = officer_client.get("/funding/opportunities/new/").content.decode()
    assert re.search(r'<input type="date" name="opens_on"[^>]*class="govuk-input govuk-input--width-10', page)
    assert re.search(r'<input type="url" name="link"[^>]*class="govuk-input', page)
