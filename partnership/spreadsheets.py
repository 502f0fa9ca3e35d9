"""Every spreadsheet Accord writes (the projects list, the funding pipeline, the review pack): one
workbook writer, one formula guard, one MIME type."""

from collections.abc import Iterable, Sequence

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY = "£#,##0.00"

# A spreadsheet runs text starting with these as a formula; people's text must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value):
    """Text a spreadsheet would run as a formula, kept as text by an apostrophe before it (the only way
    in a CSV file); anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class Sheet:
    """One sheet of a Workbook, written row by row. Text is always written as text, never as a
    formula, whatever it starts with."""

    def __init__(self, sheet, *, widths: dict[str, int] | None = None, freeze: str | None = None):
        self._sheet = sheet
        self._rows = self._columns = 0
        # Widths and frozen panes must be set before the first row of a streamed sheet.
        for column, width in (widths or {}).items():
            sheet.column_dimensions[column].width = width
        if freeze:
            sheet.freeze_panes = freeze

    def append(self, values: Iterable, *, formats: Sequence[str | None] = (), bold: bool = False) -> None:
        """One row; `formats` gives the number format of each column in turn (None: the default)."""
        cells = []
        for position, value in enumerate(values):
            cell = WriteOnlyCell(self._sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            if position < len(formats) and formats[position]:
                cell.number_format = formats[position]
            if bold:
                cell.font = Font(bold=True)
            cells.append(cell)
        self._sheet.append(cells)
        self._rows += 1
        self._columns = max(self._columns, len(cells))

    def filter_header(self) -> None:
        """A filter on the first row's columns, over every row written so far."""
        if self._rows:
            self._sheet.auto_filter.ref = f"A1:{get_column_letter(self._columns)}{self._rows}"


class Workbook:
    """An Excel workbook written as a stream, so a long export never sits in memory cell by cell."""

    def __init__(self):
        self._workbook = openpyxl.Workbook(write_only=True)

    def sheet(self, title: str, **options) -> Sheet:
        return Sheet(self._workbook.create_sheet(title), **options)

    def save(self, stream) -> None:
        self._workbook.save(stream)
