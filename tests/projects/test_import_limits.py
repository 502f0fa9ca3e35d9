"""A hostile or careless spreadsheet cannot hog the server: the file is capped in size, read only as
far as the row limit, and every value it holds is checked against the partnership's bounds. Each
refusal is a clear message on the import page."""

import csv
import io
import itertools
import re
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from projects import spreadsheets
from projects.models import Project
from projects.spreadsheets import HEADINGS, MAX_ROWS, UnreadableFile, read_rows
from tests.projects.test_import import GOOD, csv_file

ROW = b'<row><c t="inlineStr"><is><t>Project</t></is></c></row>'


def crafted_xlsx(rows_xml: bytes, *, last_row: int | None = None) -> SimpleUploadedFile:
    """A workbook with the template's headings, then `rows_xml` written straight into the sheet, as
    someone crafting a hostile file would. `last_row` sizes the sheet as Excel does."""
    template = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADINGS)
    workbook.save(template)
    crafted = io.BytesIO()
    with zipfile.ZipFile(template) as original, zipfile.ZipFile(crafted, "w", zipfile.ZIP_DEFLATED) as copy:
        for member in original.infolist():
            content = original.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                size = f'<dimension ref="A1:M{last_row}"/>'.encode() if last_row else b""
                content = re.sub(rb"<dimension[^>]*/>", size, content)
                content = content.replace(b"</sheetData>", rows_xml + b"</sheetData>")
            copy.writestr(member, content)
    return SimpleUploadedFile("projects.xlsx", crafted.getvalue())


def test_a_small_workbook_that_unpacks_to_many_rows_is_refused_unread(db):
    upload = crafted_xlsx(ROW * 300_000)
    assert upload.size < 512 * 1024
    with pytest.raises(UnreadableFile, match="holds too much to import"):
        read_rows(upload)


def test_a_workbook_is_read_only_up_to_the_row_limit(db):
    # Damage past the limit is never reached: the file is refused for its length at once.
    upload = crafted_xlsx(ROW * (MAX_ROWS + 10) + b"<row><c", last_row=MAX_ROWS + 1000)
    with pytest.raises(UnreadableFile, match="more than 2,000 projects"):
        read_rows(upload)


def test_a_csv_of_many_rows_is_read_only_up_to_the_row_limit(db):
    text = ",".join(HEADINGS) + "\n" + "".join(f"Project {n}\n" for n in range(MAX_ROWS + 10))
    text += '"' + "x" * 200_000  # past the limit: never read
    with pytest.raises(UnreadableFile, match="more than 2,000 projects"):
        read_rows(SimpleUploadedFile("projects.csv", text.encode()))


def test_reading_stops_one_project_past_the_limit():
    endless = itertools.repeat(["Project"])
    assert len(spreadsheets._first_rows(endless)) == MAX_ROWS + 2  # the headings, the limit, one more


def test_a_file_of_empty_rows_is_not_read_to_its_end(db):
    text = ",".join(HEADINGS) + "\n" + ",\n" * 100_000
    with pytest.raises(UnreadableFile, match="counting empty ones"):
        read_rows(SimpleUploadedFile("projects.csv", text.encode()))


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(officer_client, settings, agreement):
    settings.ACCORD_MAX_IMPORT_MB = 1
    text = ",".join(HEADINGS) + "\n" + "x" * (1024 * 1024)
    response = officer_client.post(
        "/projects/import/", {"file": SimpleUploadedFile("projects.csv", text.encode())}
    )
    assert response.status_code == 200
    assert "The file must be smaller than 1MB" in response.content.decode()


def test_a_workbook_that_unpacks_to_too_much_is_refused(officer_client, agreement):
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/sharedStrings.xml", b" " * (spreadsheets.MAX_UNPACKED_BYTES + 1))
    response = officer_client.post(
        "/projects/import/", {"file": SimpleUploadedFile("projects.xlsx", stream.getvalue())}
    )
    assert response.status_code == 200
    assert "The Excel file holds too much to import" in response.content.decode()


def test_a_csv_cell_longer_than_the_csv_limit_is_a_clear_message(officer_client, agreement):
    response = officer_client.post(
        "/projects/import/", {"file": csv_file({**GOOD, "Summary": "x" * 140_000})}
    )
    assert response.status_code == 200
    assert "a cell is far too long" in response.content.decode()


@pytest.mark.parametrize(
    "budget, message",
    [
        ("NaN", "Enter an amount in pounds"),
        ("Infinity", "Enter an amount in pounds"),
        ("-Infinity", "Enter an amount in pounds"),
        ("1e999999", "no more than £100,000,000,000"),
        ("12.345", "no more than 2 decimal places"),
    ],
)
def test_an_absurd_budget_is_a_row_error(officer_client, agreement, hlep, cpca, budget, message):
    response = officer_client.post("/projects/import/", {"file": csv_file({**GOOD, "Budget": budget})})
    assert response.status_code == 200
    assert f"Bad budget “{budget}”: " in response.content.decode()
    assert message in response.content.decode()
    assert not Project.objects.exists()


@pytest.mark.parametrize("day", ["01/01/0001", "31/12/9999", "31/12/1899"])
def test_a_date_outside_the_years_accord_handles_is_a_row_error(officer_client, agreement, hlep, cpca, day):
    response = officer_client.post("/projects/import/", {"file": csv_file({**GOOD, "End date": day})})
    assert response.status_code == 200
    assert f"Bad end date “{day}”: Enter a date between 1900 and 2100" in response.content.decode()


def test_a_good_file_still_imports_after_the_checks(officer_client, agreement, hlep, cpca):
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=HEADINGS)
    writer.writeheader()
    writer.writerow(GOOD)
    upload = SimpleUploadedFile("projects.csv", stream.getvalue().encode())
    preview = officer_client.post("/projects/import/", {"file": upload})
    assert b"Check the projects before importing them" in preview.content
    officer_client.post("/projects/import/confirm/")
    assert Project.objects.get().title == GOOD["Title"]
