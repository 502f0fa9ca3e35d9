"""The pipeline's bids as a spreadsheet: CSV or Excel, the same columns either way."""

from django.http import HttpResponse

from partnership.spreadsheets import DATE_KIND, MONEY_KIND, XLSX, Column, Workbook, write_csv

from .models import BusinessCaseStage

COLUMNS = [
    Column("Bid"),
    Column("Fund or programme"),
    Column("Funder"),
    Column("Kind of funding"),
    Column("Closes on", DATE_KIND),
    Column("Lead applicant"),
    Column("Partner organisations"),
    Column("Status"),
    Column("Business case stage"),
    Column("Amount requested (£)", MONEY_KIND),
    Column("Match funding (£)", MONEY_KIND),
    Column("Amount awarded (£)", MONEY_KIND),
    Column("Decision date", DATE_KIND),
    Column("Commitments"),
]


def rows(bids) -> list[list]:
    """One row a bid; bids come from Bid.objects...with_stage().with_matched()."""
    bids = bids.select_related("opportunity", "lead_organisation").prefetch_related("partners", "commitments")
    return [
        [
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
        ]
        for bid in bids
    ]


def csv_response(bids, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")  # so Excel reads the £ and the dashes as UTF-8
    write_csv(COLUMNS, rows(bids), response)
    return response


def xlsx_response(bids, filename: str, *, partnership, by, filters) -> HttpResponse:
    workbook = Workbook()
    workbook.table("Bids", COLUMNS, rows(bids))
    workbook.about("Funding bids in the pipeline.", partnership=partnership, by=by, filters=filters)
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    workbook.save(response)
    return response
