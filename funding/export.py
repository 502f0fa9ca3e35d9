"""The pipeline's bids as a spreadsheet: CSV or Excel, the same columns either way."""

import csv
from io import BytesIO

from django.http import HttpResponse

from partnership.spreadsheets import MONEY, XLSX, Workbook, as_text

from .models import BusinessCaseStage

HEADERS = [
    "Bid",
    "Fund or programme",
    "Funder",
    "Kind of funding",
    "Closes on",
    "Lead applicant",
    "Partner organisations",
    "Status",
    "Business case stage",
    "Amount requested (£)",
    "Match funding (£)",
    "Amount awarded (£)",
    "Decision date",
    "Commitments",
]

DATE = "yyyy-mm-dd"
# The number format of each column in turn: money as pounds, dates as dates.
FORMATS = [None, None, None, None, DATE, None, None, None, None, MONEY, MONEY, MONEY, DATE, None]


def rows(bids) -> list[list]:
    """One row a bid; bids come from Bid.objects...with_stage().with_matched()."""
    bids = bids.select_related("opportunity", "lead_organisation").prefetch_related("partners", "commitments")
    return [
        [
            as_text(value)
            for value in (
                bid.title,
                bid.opportunity.name,
                bid.opportunity.funder,
                bid.opportunity.get_kind_display(),
                bid.opportunity.closes_on,
                bid.lead_organisation.short_name,
                ", ".join(p.short_name for p in bid.partners.all()),
                bid.get_status_display(),
                BusinessCaseStage.Stage(bid.stage).label if bid.stage else "",
                bid.amount_requested,
                bid.matched,
                bid.amount_awarded,
                bid.decision_date,
                ", ".join(c.number for c in bid.commitments.all()),
            )
        ]
        for bid in bids
    ]


def csv_response(bids, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")  # so Excel reads the £ and the dashes as UTF-8
    writer = csv.writer(response)
    writer.writerow(HEADERS)
    for row in rows(bids):
        writer.writerow(["" if value is None else value for value in row])
    return response


def xlsx_response(bids, filename: str) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.sheet("Bids", freeze="A2")
    sheet.append(HEADERS)
    for row in rows(bids):
        sheet.append(row, formats=FORMATS)
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
