"""What every workbook Accord writes must be, checked the way Excel would read it (openpyxl)."""

from datetime import datetime

from openpyxl.utils import get_column_letter

from partnership.spreadsheets import DATE, MONEY


def column_of(sheet, heading: str) -> str:
    headings = [cell.value for cell in sheet[1]]
    return get_column_letter(headings.index(heading) + 1)


def assert_well_made(sheet, *, dates=(), money=()) -> None:
    """Header in row 1, bold and frozen, a filter over every row; each date a real date shown as
    dd/mm/yyyy and each sum a number in pounds, in a column wide enough never to show #####."""
    headings = [cell.value for cell in sheet[1]]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(headings))}{sheet.max_row}"
    for position, heading in enumerate(headings, start=1):
        width = sheet.column_dimensions[get_column_letter(position)].width
        assert width >= len(heading), f"the heading “{heading}” is cut off"
    for heading in dates:
        letter = column_of(sheet, heading)
        cells = [c for c in sheet[letter][1:] if c.value is not None]
        assert cells, f"no date in “{heading}” to check"
        assert all(isinstance(c.value, datetime) and c.number_format == DATE for c in cells)
        assert sheet.column_dimensions[letter].width >= len("31/12/2026")
    for heading in money:
        letter = column_of(sheet, heading)
        cells = [c for c in sheet[letter][1:] if c.value is not None]
        assert cells, f"no sum in “{heading}” to check"
        assert all(isinstance(c.value, int | float) and c.number_format == MONEY for c in cells)
        widest = max(len(f"£{c.value:,.2f}") for c in cells)
        assert sheet.column_dimensions[letter].width >= widest


def about(workbook) -> dict:
    return {row[0]: row[1] for row in workbook["About"].iter_rows(values_only=True)}
