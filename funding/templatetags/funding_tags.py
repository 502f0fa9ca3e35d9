from django import template
from django.utils.html import format_html

from funding.models import Bid, BusinessCaseStage

register = template.Library()

TAG_COLOURS = {
    Bid.Status.IDENTIFIED: "govuk-tag--grey",
    Bid.Status.IN_DEVELOPMENT: "govuk-tag--blue",
    Bid.Status.SUBMITTED: "govuk-tag--purple",
    Bid.Status.SUCCESSFUL: "govuk-tag--green",
    Bid.Status.UNSUCCESSFUL: "govuk-tag--red",
    Bid.Status.WITHDRAWN: "govuk-tag--grey",
}


@register.simple_tag
def bid_status_tag(status: str):
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>', TAG_COLOURS[status], Bid.Status(status).label
    )


@register.filter
def stage_label(stage):
    return BusinessCaseStage.Stage(stage).label if stage else "No business case yet"
