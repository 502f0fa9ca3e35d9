"""Projects in and out of spreadsheets: the columns officers fill in, reading CSV and XLSX, checking each
row against the partnership, and writing the filtered list back out."""

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError

from partnership.bounds import parse_money, validate_date
from partnership.models import Clause, Partnership, Person
from partnership.spreadsheets import Workbook, as_text

from .models import Place, Project

# (column heading, what goes in it) — the template, the export and the import share these.
COLUMNS = [
    ("Title", "The project's name."),
    ("Summary", "What it does, in a sentence or two."),
    ("Lead organisation", "Short name of the party leading it, e.g. HLEP or CPCA."),
    ("Partners", "Short names of the other parties, separated by semicolons."),
    ("Sector", "; ".join(Project.Sector.labels)),
    ("Places", "Local authority districts, separated by semicolons."),
    ("Commitments", "Clause numbers of the agreement it delivers, e.g. 2.3.5; 2.3.6."),
    ("Status", "; ".join(Project.Status.labels) + ". Empty means proposed."),
    ("RAG rating", "Red, Amber or Green. Empty means green."),
    ("RAG reason", "Needed when the rating is red or amber."),
    ("Start date", "DD/MM/YYYY."),
    ("End date", "DD/MM/YYYY, on or after the start date."),
    ("Budget", "In pounds, e.g. 250000."),
]
HEADINGS = [heading for heading, _ in COLUMNS]
EXAMPLE = [
    "Corridor life sciences incubator",
    "Shared incubation space for start-ups along the corridor.",
    "HLEP",
    "CPCA",
    "Life sciences",
    "East Hertfordshire; Cambridge",
    "2.3.3; 2.3.5",
    "Approved",
    "Amber",
    "Planning consent delayed by two months.",
    "01/04/2026",
    "31/03/2028",
    "1250000",
]
MAX_ROWS = 2000
# Empty rows are skipped, but still read: a file is read no further than this many rows in all.
MAX_ROWS_READ = 5 * MAX_ROWS
# What an .xlsx file (a zip) may unpack to; 2,000 projects take far less. A small file can unpack to
# a million rows, and openpyxl reads a sheet that does not state its size to its end before giving the
# first row, so this, not the row limit, bounds the work for such a file.
MAX_UNPACKED_BYTES = 10 * 1024 * 1024
# Columns past the template's are never read: a row may claim thousands of empty cells.
MAX_COLUMNS = 50


class UnreadableFile(Exception):
    """The upload is not a spreadsheet we can read; the message says why, for the form."""


def read_rows(upload) -> list[dict[str, str]]:
    """Each row as {heading: text}, from a CSV or XLSX upload. Blank rows are skipped. The file is
    read only as far as the row limit, so a huge file costs no more than a full one."""
    name = upload.name.lower()
    limit = settings.ACCORD_MAX_IMPORT_MB
    if not name.endswith((".csv", ".xlsx")):
        raise UnreadableFile("The file must be a CSV or an Excel .xlsx file.")
    if upload.size > limit * 1024 * 1024:
        raise UnreadableFile(f"The file must be smaller than {limit}MB. Split it into smaller files.")
    table = _read_csv(upload) if name.endswith(".csv") else _read_xlsx(upload)
    rows = [row for row in _as_dicts(table) if any(value.strip() for value in row.values())]
    if not rows:
        raise UnreadableFile("The file has no projects in it. Fill in one row a project below the headings.")
    if len(rows) > MAX_ROWS:
        raise UnreadableFile(f"The file has more than {MAX_ROWS:,} projects. Split it into smaller files.")
    return rows


def _first_rows(rows: Iterable[list[str]]) -> list[list[str]]:
    """The headings and the rows below them, up to one project past MAX_ROWS (enough to refuse the file)."""
    table, filled = [], 0
    for number, row in enumerate(rows):
        if number > MAX_ROWS_READ:
            raise UnreadableFile(
                f"The file has more than {MAX_ROWS_READ:,} rows, counting empty ones. Delete the empty "
                "rows below the projects, or split it into smaller files."
            )
        table.append(row)
        if number and any(value.strip() for value in row):
            filled += 1
            if filled > MAX_ROWS:
                break
    return table


def _read_csv(upload) -> list[list[str]]:
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile("The CSV file must be saved as UTF-8 text.") from error
    try:
        return _first_rows(csv.reader(io.StringIO(text)))
    except csv.Error as error:  # chiefly a cell longer than the csv module's limit (131,072 characters)
        raise UnreadableFile(
            "The CSV file could not be read: a cell is far too long or a quote is not closed. "
            "Check it is a spreadsheet of projects, laid out like the template."
        ) from error


def _read_xlsx(upload) -> list[list[str]]:
    unreadable = UnreadableFile("The Excel file could not be opened. Save it again as .xlsx and retry.")
    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise unreadable from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableFile("The Excel file holds too much to import. Split it into smaller files.")
    upload.seek(0)
    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
        try:
            rows = workbook.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True)
            return _first_rows([_cell_text(value) for value in row] for row in rows)
        finally:
            workbook.close()
    except UnreadableFile:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged or disguised file
        raise unreadable from error


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _as_dicts(table: list[list[str]]) -> list[dict[str, str]]:
    if not table:
        return []
    known = {h.lower(): h for h in HEADINGS}
    headings = [known.get(str(h).strip().lower()) for h in table[0]]
    missing = [h for h in ("Title", "Lead organisation", "Sector") if h not in headings]
    if missing:
        raise UnreadableFile(
            f"The first row must hold the column headings; missing: {', '.join(missing)}. Use the template."
        )
    return [
        {heading: str(value).strip() for heading, value in zip(headings, row, strict=False) if heading}
        for row in table[1:]
    ]


@dataclass
class CheckedRow:
    number: int  # as the spreadsheet shows it: the headings are row 1
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    project: dict = field(default_factory=dict)  # field values for Project, when there are no errors
    partners: list = field(default_factory=list)
    places: list = field(default_factory=list)
    commitments: list = field(default_factory=list)

    @property
    def lead_text(self) -> str:
        return self.values.get("Lead organisation", "")

    @property
    def dates_text(self) -> str:
        start, end = self.values.get("Start date", ""), self.values.get("End date", "")
        return f"{start} to {end}" if start or end else ""


class RowChecker:
    """Checks rows against one partnership and what one person may create; a few queries in all."""

    def __init__(self, partnership: Partnership, person: Person):
        self.partnership = partnership
        self.person = person
        self.organisations = {}
        for organisation in partnership.parties.all():
            self.organisations[organisation.short_name.lower()] = organisation
            self.organisations[organisation.name.lower()] = organisation
        self.places = {place.name.lower(): place for place in Place.objects.all()}
        self.commitments = {
            clause.number: clause for clause in Clause.objects.delivered_by_projects(partnership)
        }
        self.existing_titles = {
            t.lower() for t in Project.objects.for_partnership(partnership).values_list("title", flat=True)
        }

    def check(self, rows: list[dict[str, str]]) -> list[CheckedRow]:
        checked, seen = [], set()
        for number, values in enumerate(rows, start=2):
            row = CheckedRow(number=number, values=values)
            self._check(row)
            title = values.get("Title", "").lower()
            if title and title in seen:
                row.errors.append("Another row of the file has the same title.")
            seen.add(title)
            checked.append(row)
        return checked

    def _check(self, row: CheckedRow) -> None:
        get = row.values.get
        title = get("Title", "")
        if not title:
            row.errors.append("Enter a title.")
        elif len(title) > 200:
            row.errors.append("The title must be 200 characters or fewer.")
        elif title.lower() in self.existing_titles:
            row.errors.append(f"A project called “{title}” already exists.")

        lead = self._organisation(row, get("Lead organisation", ""), "lead organisation")
        if lead is None and not get("Lead organisation", ""):
            row.errors.append("Enter the lead organisation.")
        if lead and not self.person.can_edit_for({lead.pk}):
            row.errors.append(f"You cannot create projects led by {lead.short_name}; only its officers can.")
        row.partners = [
            p for p in (self._organisation(row, n, "partner") for n in _split(get("Partners", ""))) if p
        ]
        if lead and lead in row.partners:
            row.errors.append("The lead organisation is listed as a partner too.")

        sector = _choice(Project.Sector, get("Sector", ""))
        if sector is None:
            row.errors.append(
                f"Unknown sector “{get('Sector', '')}”; use one of: {', '.join(Project.Sector.labels)}."
            )
        status = _choice(Project.Status, get("Status", "")) if get("Status", "") else Project.Status.PROPOSED
        if status is None:
            row.errors.append(
                f"Unknown status “{get('Status')}”; use one of: {', '.join(Project.Status.labels)}."
            )
        rag = _choice(Project.Rag, get("RAG rating", "")) if get("RAG rating", "") else Project.Rag.GREEN
        if rag is None:
            row.errors.append(f"Unknown RAG rating “{get('RAG rating')}”; use Red, Amber or Green.")
        rag_reason = get("RAG reason", "")

        for name in _split(get("Places", "")):
            if name.lower() not in self.places:
                row.errors.append(f"Unknown place “{name}”; use a local authority district’s name.")
        row.places = [self.places[n.lower()] for n in _split(get("Places", "")) if n.lower() in self.places]
        numbers = _split(get("Commitments", ""))
        if not numbers:
            row.errors.append("Enter the clause number of at least one commitment, e.g. 2.3.5.")
        for number in numbers:
            if number not in self.commitments:
                row.errors.append(f"Unknown commitment “{number}”; use a clause number from 2.3.1 to 2.3.7.")
        row.commitments = [self.commitments[n] for n in numbers if n in self.commitments]

        start = _date(row, get("Start date", ""), "start date")
        end = _date(row, get("End date", ""), "end date")
        budget = None
        if get("Budget", ""):
            try:
                budget = parse_money(get("Budget"))
            except ValidationError as error:
                row.errors.append(f"Bad budget “{get('Budget')}”: {error.messages[0]}.")
        values = {
            "title": title,
            "summary": get("Summary", ""),
            "lead_organisation": lead,
            "sector": sector,
            "status": status,
            "rag": rag,
            "rag_reason": rag_reason,
            "start_date": start,
            "end_date": end,
            "budget": budget,
        }
        row.errors.extend(_model_errors(Project(partnership=self.partnership, **values)))
        if not row.errors:
            row.project = values

    def _organisation(self, row: CheckedRow, name: str, role: str):
        if not name:
            return None
        organisation = self.organisations.get(name.lower())
        if organisation is None:
            row.errors.append(
                f"Unknown organisation “{name}” as {role}; use a party's short name, e.g. HLEP."
            )
        return organisation


# The project's own rules (Project.clean), in the words of the import page.
IMPORT_WORDING = {
    "rag_reason": "A red or amber rating needs a RAG reason.",
    "end_date": "The end date is before the start date.",
}


def _model_errors(project: Project) -> list[str]:
    try:
        project.clean()
    except ValidationError as error:
        return [
            IMPORT_WORDING.get(name, message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(",", ";").split(";") if part.strip()]


def _choice(choices, text: str):
    text = text.strip().lower()
    for value, label in choices.choices:
        if text in (value.lower(), label.lower()):
            return value
    return None


DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]


def _date(row: CheckedRow, text: str, name: str):
    if not text:
        return None
    for date_format in DATE_FORMATS:
        try:
            day = datetime.strptime(text, date_format).date()
        except ValueError:
            continue
        try:
            validate_date(day)
        except ValidationError as error:
            row.errors.append(f"Bad {name} “{text}”: {error.messages[0]}.")
            return None
        return day
    row.errors.append(f"Bad {name} “{text}”; use DD/MM/YYYY, e.g. 31/03/2027.")
    return None


def project_row(project: Project) -> list:
    """One project of Project.objects.with_names() in the template's columns, plus what it was given."""
    return [
        project.title,
        project.summary,
        project.lead_organisation.short_name,
        project.partner_names or "",
        project.get_sector_display(),
        project.place_names or "",
        project.commitment_numbers or "",
        project.get_status_display(),
        project.get_rag_display(),
        project.rag_reason,
        project.start_date.strftime("%d/%m/%Y") if project.start_date else "",
        project.end_date.strftime("%d/%m/%Y") if project.end_date else "",
        project.budget if project.budget is not None else "",
        project.contributed or Decimal(0),
    ]


EXPORT_HEADINGS = [*HEADINGS, "Contributed"]


def write_csv(projects, stream) -> None:
    writer = csv.writer(stream)
    writer.writerow(EXPORT_HEADINGS)
    for project in projects:
        writer.writerow(as_text(value) for value in project_row(project))


def write_xlsx(projects, stream) -> None:
    workbook = Workbook()
    sheet = workbook.sheet("Projects")
    sheet.append(EXPORT_HEADINGS)
    for project in projects:
        sheet.append(project_row(project))
    workbook.save(stream)


def template_csv(stream) -> None:
    writer = csv.writer(stream)
    writer.writerow(HEADINGS)
    writer.writerow(EXAMPLE)


def template_xlsx(stream) -> None:
    workbook = Workbook()
    sheet = workbook.sheet("Projects")
    sheet.append(HEADINGS)
    sheet.append(EXAMPLE)
    notes = workbook.sheet("How to fill it in")
    notes.append(["Column", "What goes in it"])
    for heading, explanation in COLUMNS:
        notes.append([heading, explanation])
    workbook.save(stream)
