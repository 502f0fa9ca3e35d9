"""Every spreadsheet Accord writes (the projects list and its import template, the funding pipeline,
the review pack): one writer, so each has its header frozen and filtered, columns wide enough, real
dates and money in one format, and an "About" sheet saying what it is, whose, and when."""

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import openpyxl
from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY = "£#,##0.00"
DATE = "dd/mm/yyyy"
MOMENT = "dd/mm/yyyy hh:mm"

TEXT, DATE_KIND, MONEY_KIND, NUMBER = "text", "date", "money", "number"
FORMATS = {DATE_KIND: DATE, MONEY_KIND: MONEY}
# Wide enough for a long title; longer text still shows in the cell when it is selected.
MAX_WIDTH = 60

# A spreadsheet runs text starting with these as a formula; people's text must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value):
    """Text a spreadsheet would run as a formula, kept as text by an apostrophe before it (the only way
    in a CSV file); anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class Money(Decimal):
    """A sum of money in a column that also holds counts (the review pack's figures): shown in pounds
    whatever its column."""


@dataclass(frozen=True)
class Column:
    heading: str
    kind: str = TEXT  # TEXT, DATE_KIND, MONEY_KIND or NUMBER: how its cells are written and shown

    @property
    def format(self) -> str | None:
        return FORMATS.get(self.kind)


def _shown(value, column: Column) -> str:
    """The cell as a spreadsheet shows it, to size the column."""
    if value is None:
        return ""
    if isinstance(value, Money) or (column.kind == MONEY_KIND and isinstance(value, int | float | Decimal)):
        return f"£{value:,.2f}"
    if isinstance(value, date):
        return "00/00/0000 00:00" if isinstance(value, datetime) else "00/00/0000"
    return max(str(value).splitlines() or [""], key=len)


def _width(column: Column, rows: list[Sequence], position: int) -> int:
    # +4 on the heading: its filter button sits over the end of it.
    widest = max(
        [
            len(column.heading) + 4,
            *(len(_shown(row[position], column)) for row in rows if position < len(row)),
        ]
    )
    return min(widest, MAX_WIDTH) + 2


class Workbook:
    """An Excel workbook written as a stream (openpyxl's write-only mode), so a long export never sits
    in memory cell by cell. Each sheet is written whole by one call."""

    def __init__(self):
        self._workbook = openpyxl.Workbook(write_only=True)

    def table(
        self,
        title: str,
        columns: Sequence[Column],
        rows: Iterable[Sequence],
        *,
        choices: dict[str, str] | None = None,
        hidden: bool = False,
    ):
        """A sheet of `rows` under a bold, frozen, filtered header row, each column as wide as its
        widest cell. `choices` gives a column (by heading) a drop-down of the values in a range, e.g.
        "Lists!$A$2:$A$9"; people may still type something else, which the import then explains."""
        rows = list(rows)  # read once, to size the columns before the first row is streamed
        # 31 characters: the longest name Excel gives a sheet.
        sheet = self._workbook.create_sheet(title[:31])
        if hidden:
            sheet.sheet_state = "hidden"
        for position, column in enumerate(columns):
            sheet.column_dimensions[get_column_letter(position + 1)].width = _width(column, rows, position)
        sheet.freeze_panes = "A2"
        last = get_column_letter(len(columns))
        sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
        for heading, source in (choices or {}).items():
            letter = get_column_letter([c.heading for c in columns].index(heading) + 1)
            validation = DataValidation(
                type="list", formula1=source, allow_blank=True, showErrorMessage=False
            )
            validation.add(f"{letter}2:{letter}{max(len(rows), 1) + 500}")
            sheet.data_validations.append(validation)
        sheet.append([self._cell(sheet, c.heading, bold=True) for c in columns])
        for row in rows:
            sheet.append(
                [self._cell(sheet, value, column) for value, column in zip(row, columns, strict=False)]
            )
        return sheet

    def about(
        self,
        what: str,
        *,
        partnership=None,
        by=None,
        filters: Sequence[tuple[str, str]] = (),
        details: Sequence[tuple[str, object]] = (),
    ) -> None:
        """The "About" sheet: what the workbook is, whose, which filters chose its rows, when (London
        time) and for whom it was made, then any `details` of its own."""
        rows: list[tuple[str, object]] = [("What this is", what)]
        if partnership is not None:
            rows.append(("Partnership", str(partnership)))
        rows.extend(details)
        if filters:
            rows.extend((f"Filter: {label}", value) for label, value in filters)
        else:
            rows.append(("Filters", "None: every row is included."))
        # Excel has no time zones: the London time itself is written, and the label says so.
        rows.append(("Made at (London time)", timezone.localtime().replace(tzinfo=None, microsecond=0)))
        if by is not None:
            rows.append(("Made by", str(by)))
        sheet = self._workbook.create_sheet("About")
        sheet.column_dimensions["A"].width = max(len(label) for label, _ in rows) + 2
        sheet.column_dimensions["B"].width = (
            min(max(len(_shown(v, Column(""))) for _, v in rows), MAX_WIDTH) + 2
        )
        for label, value in rows:
            sheet.append([self._cell(sheet, label, bold=True), self._cell(sheet, value)])

    @staticmethod
    def _cell(sheet, value, column: Column | None = None, *, bold: bool = False) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text is text, never a formula, whatever it starts with
        elif isinstance(value, datetime):
            cell.number_format = MOMENT
        elif isinstance(value, date):
            cell.number_format = DATE
        if column is not None and column.format and value is not None and not isinstance(value, str):
            cell.number_format = column.format
        if isinstance(value, Money):
            cell.number_format = MONEY
        if bold:
            cell.font = Font(bold=True)
        return cell

    def save(self, stream) -> None:
        self._workbook.save(stream)


def write_csv(columns: Sequence[Column], rows: Iterable[Sequence], stream) -> None:
    """The same table as CSV: dates as dd/mm/yyyy, money as pounds with two decimals and no £ (so a
    spreadsheet reads it as a number), text that looks like a formula kept as text."""
    writer = csv.writer(stream)
    writer.writerow(c.heading for c in columns)
    for row in rows:
        writer.writerow(_csv_value(value, column) for value, column in zip(row, columns, strict=False))


def _csv_value(value, column: Column):
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if column.kind == MONEY_KIND and isinstance(value, int | float | Decimal):
        return f"{value:.2f}"
    return as_text(value)
