import datetime
import re

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import mark_safe

from partnership.filters import applied_filters

register = template.Library()


@register.simple_tag
def breadcrumbs(*labels_and_urls):
    """{% breadcrumbs "Partnership" overview_url "HLEP" %}: label, url pairs; the last label has no link."""
    items = list(labels_and_urls)
    links = list(zip(items[0::2], items[1::2], strict=False))
    if len(items) % 2:
        links.append((items[-1], ""))
    rendered = format_html_join(
        "",
        '<li class="govuk-breadcrumbs__list-item">{}</li>',
        (
            (
                format_html('<a class="govuk-breadcrumbs__link" href="{}">{}</a>', url, label)
                if url
                else label,
            )
            for label, url in links
        ),
    )
    return format_html(
        '<nav class="govuk-breadcrumbs" aria-label="Breadcrumb"><ol class="govuk-breadcrumbs__list">{}</ol></nav>',
        rendered,
    )


@register.filter
def gbp(value):
    """£1,234,567.89 — money is Decimal GBP, shown with pence only when there are any."""
    if value is None or value == "":
        return "—"
    sign = "-" if value < 0 else ""
    value = abs(value)
    text = f"{value:,.2f}"
    if text.endswith(".00"):
        text = text[:-3]
    return f"{sign}£{text}"


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(context, page, label: str = "Pages"):
    """GOV.UK pagination for a Django page, keeping the list's filters in each link."""
    return {
        "request": context["request"],
        "page": page,
        "label": label,
        "numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "ellipsis": page.paginator.ELLIPSIS,
    }


@register.inclusion_tag("includes/filters.html")
def filters(filterset, clear_url: str):
    """A list's filters, folded under "Filter (2 applied)" so the results come first on a phone."""
    return {"form": filterset.form, "applied": len(applied_filters(filterset)), "clear_url": clear_url}


CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.DOTALL)


class ScrollableNode(template.Node):
    def __init__(self, nodelist, label):
        self.nodelist = nodelist
        self.label = label

    def render(self, context):
        table = self.nodelist.render(context)
        caption = CAPTION.search(table)
        label = self.label.resolve(context) if self.label else caption and strip_tags(caption[1])
        if not label:
            raise template.TemplateSyntaxError("A scrolling table needs a caption or a label.")
        return format_html(
            '<div class="accord-scroll" role="region" aria-label="{}" tabindex="0">{}</div>',
            " ".join(label.split()),
            mark_safe(table),  # noqa: S308 - rendered by the template engine, escaped there
        )


@register.tag
def scrollable(parser, token):
    """{% scrollable %}<table>…</table>{% endscrollable %}: a table wider than a phone scrolls inside
    a region named by its caption (or {% scrollable "label" %}), not the whole page (WCAG 1.4.10)."""
    bits = token.split_contents()
    nodelist = parser.parse(("endscrollable",))
    parser.delete_first_token()
    return ScrollableNode(nodelist, parser.compile_filter(bits[1]) if len(bits) > 1 else None)


# Accord's one date style and one time style (GOV.UK): "6 January 2027", "Wednesday 6 January 2027",
# "10am", "5:30pm", "10am to 12pm". Moments are shown in London time; plain dates as they are.
# Machine formats (ISO in <time datetime>, .ics, CSV, XLSX) do not come through these filters.


def _local(value):
    """A datetime in London time; a plain date as it is."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return value


def _clock(moment) -> str:
    minutes = f":{moment:%M}" if moment.minute else ""
    return f"{moment.hour % 12 or 12}{minutes}{'am' if moment.hour < 12 else 'pm'}"


@register.filter
def day(value):
    """ "6 January 2027"."""
    if not value:
        return ""
    local = _local(value)
    return f"{local.day} {local:%B %Y}"


@register.filter
def weekday(value):
    """ "Wednesday 6 January 2027", where the day of the week matters."""
    if not value:
        return ""
    local = _local(value)
    return f"{local:%A} {local.day} {local:%B %Y}"


@register.filter
def day_month(value):
    """ "6 January", where the year goes without saying (an email's subject)."""
    if not value:
        return ""
    local = _local(value)
    return f"{local.day} {local:%B}"


@register.filter
def time_of_day(value):
    """ "10am", "5:30pm", "12pm", in London time."""
    if not value:
        return ""
    return _clock(_local(value))


@register.filter
def time_range(start, end):
    """ "10am to 12pm"."""
    if not start or not end:
        return time_of_day(start or end)
    return f"{time_of_day(start)} to {time_of_day(end)}"


@register.filter
def when(value):
    """GOV.UK style, in London time: "Wednesday 6 January 2027 at 10am", "… at 5:30pm"."""
    if not value:
        return ""
    return f"{weekday(value)} at {time_of_day(value)}"


@register.filter
def moment(value):
    """A moment without its weekday: "6 January 2027 at 5:30pm" (when something was sent or saved)."""
    if not value:
        return ""
    return f"{day(value)} at {time_of_day(value)}"
