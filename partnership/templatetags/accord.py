from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join

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


@register.filter
def when(value):
    """GOV.UK style, in London time: "Wednesday 6 January 2027 at 10am", "… at 5:30pm"."""
    if not value:
        return ""
    local = timezone.localtime(value)
    minutes = f":{local:%M}" if local.minute else ""
    return f"{local:%A} {local.day} {local:%B %Y} at {local.hour % 12 or 12}{minutes}{'am' if local.hour < 12 else 'pm'}"
