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
from partnership.filters import applied_filters
from partnership.models import Clause, Partnership, Person
from partnership.spreadsheets import (
    DATE_KIND,
    MONEY_KIND,
    NUMBER,
    Column,
    Workbook,
    write_csv,
)

from .models import Contribution, Place, Project

# (column, what goes in it) — the template, the export and the import share these.
COLUMNS = [
    (Column("Title"), "The project's name."),
    (Column("Summary"), "What it does, in a sentence or two."),
    (Column("Lead organisation"), "Short name of the party leading it, e.g. HLEP or CPCA."),
    (Column("Partners"), "Short names of the other parties, separated by semicolons."),
    (Column("Sector"), "; ".join(Project.Sector.labels)),
    (Column("Places"), "Local authority districts, separated by semicolons."),
    (Column("Commitments"), "Clause numbers of the agreement it delivers, e.g. 2.3.5; 2.3.6."),
    (Column("Status"), "; ".join(Project.Status.labels) + ". Empty means proposed."),
    (Column("RAG rating"), "Red, Amber or Green. Empty means green."),
    (Column("RAG reason"), "Needed when the rating is red or amber."),
    (Column("Start date", DATE_KIND), "A date, e.g. 01/04/2026."),
    (Column("End date", DATE_KIND), "A date on or after the start date."),
    (Column("Budget", MONEY_KIND), "In pounds, e.g. 250000."),
    # Project has no reference of its own: its id, shown in exports, names it for updates.
    (
        Column("Accord ID", NUMBER),
        "Empty for a new project. To change projects, export the list and keep this column as it is.",
    ),
]
HEADINGS = [column.heading for column, _ in COLUMNS]
# A row whose title starts with this is the template's example: the import skips it, saying so.
EXAMPLE_TITLE = "EXAMPLE – delete this row"
EXAMPLE = [
    EXAMPLE_TITLE,
    "An example of how to fill in a row. Delete it, or leave it: it is never imported.",
    "",  # filled in with the partnership's first party
    "",
    Project.Sector.labels[0],
    "",
    "2.3.5",
    Project.Status.PROPOSED.label,
    Project.Rag.GREEN.label,
    "",
    date(2026, 4, 1),
    date(2028, 3, 31),
    Decimal(1250000),
    None,
]
# The other sheets of the Excel template: rows of the projects on the Projects sheet, named by title.
CONTRIBUTIONS, MILESTONES = "Contributions", "Milestones"
CHILD_COLUMNS = {
    CONTRIBUTIONS: [
        (Column("Project"), "The project's title, as on the Projects sheet."),
        (Column("Organisation"), "Short name of the party putting it in, e.g. HLEP."),
        (Column("Amount", MONEY_KIND), "In pounds, e.g. 50000."),
        (Column("Cash or in kind"), "Cash or In kind. Empty means cash."),
        (Column("Description"), "What it is, in a few words."),
    ],
    MILESTONES: [
        (Column("Project"), "The project's title, as on the Projects sheet."),
        (Column("Milestone"), "What is to be done by the due date."),
        (Column("Due date", DATE_KIND), "A date, e.g. 30/09/2026."),
        (Column("Done on", DATE_KIND), "The date it was done; empty until it is."),
    ],
}
CHILD_EXAMPLES = {
    CONTRIBUTIONS: [
        EXAMPLE_TITLE,
        "",
        Decimal(250000),
        Contribution.CashOrInKind.CASH.label,
        "Capital grant",
    ],
    MILESTONES: [EXAMPLE_TITLE, "Site secured", date(2026, 9, 30), None],
}
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
    """The Projects sheet's rows (see read_file)."""
    return read_file(upload)[PROJECTS]


PROJECTS = "Projects"


def read_file(upload) -> dict[str, list[dict[str, str]]]:
    """Each row of each sheet as {heading: text}, from a CSV (projects only) or XLSX upload, by sheet:
    the first sheet's projects, then the Contributions and Milestones sheets' rows if it has them.
    Blank rows are skipped. The file is read only as far as the row limit, so a huge file costs no
    more than a full one."""
    name = upload.name.lower()
    limit = settings.ACCORD_MAX_IMPORT_MB
    if not name.endswith((".csv", ".xlsx")):
        raise UnreadableFile("The file must be a CSV or an Excel .xlsx file.")
    if upload.size > limit * 1024 * 1024:
        raise UnreadableFile(f"The file must be smaller than {limit}MB. Split it into smaller files.")
    tables = {PROJECTS: _read_csv(upload)} if name.endswith(".csv") else _read_xlsx(upload)
    headings = {PROJECTS: (HEADINGS, ["Title", "Lead organisation", "Sector"])}
    for sheet, columns in CHILD_COLUMNS.items():
        names = [column.heading for column, _ in columns]
        headings[sheet] = (names, names[:2])
    found = {}
    for sheet, table in tables.items():
        rows = _as_dicts(table, *headings[sheet], sheet=sheet)
        found[sheet] = [row for row in rows if any(value.strip() for value in row.values())]
        if len(found[sheet]) > MAX_ROWS:
            what = (
                "The file has more than {:,} projects"
                if sheet == PROJECTS
                else f"The {sheet} sheet has more than {{:,}} rows"
            )
            raise UnreadableFile(what.format(MAX_ROWS) + ". Split it into smaller files.")
    if not found[PROJECTS]:
        raise UnreadableFile("The file has no projects in it. Fill in one row a project below the headings.")
    return {PROJECTS: found[PROJECTS], CONTRIBUTIONS: [], MILESTONES: [], **found}


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


def _read_xlsx(upload) -> dict[str, list[list[str]]]:
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
            sheets = {PROJECTS: workbook.worksheets[0]}
            sheets.update((name, workbook[name]) for name in CHILD_COLUMNS if name in workbook.sheetnames)
            return {
                name: _first_rows(
                    [_cell_text(value) for value in row]
                    for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
                )
                for name, sheet in sheets.items()
            }
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


def _as_dicts(
    table: list[list[str]], names: list[str], required: list[str], *, sheet: str
) -> list[dict[str, str]]:
    if not table:
        return []
    known = {h.lower(): h for h in names}
    headings = [known.get(str(h).strip().lower()) for h in table[0]]
    missing = [h for h in required if h not in headings]
    if missing:
        where = "The first row" if sheet == PROJECTS else f"The first row of the {sheet} sheet"
        raise UnreadableFile(
            f"{where} must hold the column headings; missing: {', '.join(missing)}. Use the template."
        )
    return [
        {heading: str(value).strip() for heading, value in zip(headings, row, strict=False) if heading}
        for row in table[1:]
    ]


@dataclass
class CheckedRow:
    number: int  # as the spreadsheet shows it: the headings are row 1
    values: dict[str, str]
    sheet: str = PROJECTS
    errors: list[str] = field(default_factory=list)
    skipped: str = ""  # why the row is left out, though good (the template's example, no change)
    existing: Project | None = None  # the project the row changes, named by its Accord ID
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (what, was, becomes)
    project: dict = field(default_factory=dict)  # field values for Project, when there are no errors
    partners: list = field(default_factory=list)
    places: list = field(default_factory=list)
    commitments: list = field(default_factory=list)
    # The project's rows from the other sheets, as field values, when they have no errors.
    new_rows: dict[str, list[dict]] = field(default_factory=lambda: {CONTRIBUTIONS: [], MILESTONES: []})

    @property
    def label(self) -> str:
        return f"Row {self.number}" if self.sheet == PROJECTS else f"{self.sheet} row {self.number}"

    @property
    def lead_text(self) -> str:
        return self.values.get("Lead organisation", "")

    @property
    def dates_text(self) -> str:
        start, end = self.values.get("Start date", ""), self.values.get("End date", "")
        return f"{start} to {end}" if start or end else ""


def is_example(title: str) -> bool:
    return title.startswith("EXAMPLE")


SKIPPED_EXAMPLE = "The template's example: skipped."


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

    def check(
        self, rows: list[dict[str, str]], others: dict[str, list[dict[str, str]]] | None = None
    ) -> list[CheckedRow]:
        """The Projects sheet's rows, then the other sheets' (`others`, by sheet), each checked; a
        good row of another sheet goes into its project's `new_rows`."""
        checked, seen, changed = [], set(), set()
        existing = self._existing(rows)
        for number, values in enumerate(rows, start=2):
            row = CheckedRow(number=number, values=values)
            if is_example(values.get("Title", "")):
                row.skipped = SKIPPED_EXAMPLE
                checked.append(row)
                continue
            if values.get("Accord ID", ""):
                self._find(row, existing)
                if row.existing in changed:
                    row.errors.append("Another row of the file changes the same project.")
                changed.add(row.existing)
            if not row.errors:
                self._check(row)
            if row.existing and not row.errors:
                self._compare(row)
            title = row.values.get("Title", "").lower()
            if title and title in seen:
                row.errors.append("Another row of the file has the same title.")
            seen.add(title)
            checked.append(row)
        projects = {row.values.get("Title", "").lower(): row for row in checked if not row.skipped}
        for sheet, sheet_rows in (others or {}).items():
            for number, values in enumerate(sheet_rows, start=2):
                checked.append(
                    self._check_other(CheckedRow(number=number, values=values, sheet=sheet), projects)
                )
        return checked

    def _existing(self, rows: list[dict[str, str]]) -> dict[str, Project]:
        """The projects the rows name by Accord ID, in this partnership, in two queries."""
        ids = [row.get("Accord ID", "") for row in rows]
        return {
            str(project.pk): project
            for project in Project.objects.for_partnership(self.partnership)
            .filter(pk__in=[int(i) for i in ids if i.isdigit() and len(i) < 10])
            .select_related("lead_organisation")
            .with_names()
            .with_flags()
            .prefetch_related("partners")
        }

    def _find(self, row: CheckedRow, existing: dict[str, Project]) -> None:
        """The project the row's Accord ID names, which the person must be allowed to change (as on
        its edit page); a column the file leaves out keeps the project's value."""
        project = existing.get(row.values["Accord ID"])
        if project is None:
            row.errors.append(
                f"No project has Accord ID “{row.values['Accord ID']}” in this partnership. Leave it "
                "empty for a new project."
            )
        elif not project.can_edit(self.person):
            row.errors.append(f"You cannot change “{project.title}”; only officers of its organisations can.")
        else:
            row.existing = project
            current = dict(zip(HEADINGS, map(_as_import_text, project_row(project)), strict=False))
            row.values = {**current, **row.values}

    def _compare(self, row: CheckedRow) -> None:
        """What the row changes, as (what, was, becomes) in the words of the spreadsheet."""
        project = row.existing
        was = dict(zip(HEADINGS, map(_as_import_text, project_row(project)), strict=False))
        becomes = {**was, **row.values}
        changed = [h for h in HEADINGS if _same_text(was[h]) != _same_text(becomes[h])]
        shown = {"Budget": _money_text}  # "£1,000,000.00 → £1,500,000.00", however it was typed
        row.changes = [(h, shown.get(h, str)(was[h]), shown.get(h, str)(becomes[h])) for h in changed]
        if {"Lead organisation", "Partners"} & set(changed) and not self.person.can_change_lead_of(
            project.lead_organisation_id
        ):
            row.errors.append("Only the lead organisation’s officers change the lead and partners.")
        if not row.changes:
            row.skipped = "No change."

    def _check_other(self, row: CheckedRow, projects: dict[str, CheckedRow]) -> CheckedRow:
        get = row.values.get
        title = get("Project", "")
        if is_example(title):
            row.skipped = SKIPPED_EXAMPLE
            return row
        project = projects.get(title.lower())
        if not title:
            row.errors.append("Enter the project's title, as on the Projects sheet.")
        elif project is None:
            row.errors.append(f"No project called “{title}” on the Projects sheet.")
        elif project.existing:
            row.errors.append(
                f"“{title}” is already in Accord: change its {row.sheet.lower()} on its page, not by import."
            )
        if row.sheet == CONTRIBUTIONS:
            organisation = self._organisation(row, get("Organisation", ""), "contributor")
            if not get("Organisation", ""):
                row.errors.append("Enter the organisation putting it in.")
            amount = None
            try:
                amount = parse_money(get("Amount", ""))
            except ValidationError as error:
                row.errors.append(f"Bad amount “{get('Amount', '')}”: {error.messages[0]}.")
            kind = _choice(Contribution.CashOrInKind, get("Cash or in kind", "") or "cash")
            if kind is None:
                row.errors.append(f"Unknown “{get('Cash or in kind')}”; use Cash or In kind.")
            if len(get("Description", "")) > 200:
                row.errors.append("The description must be 200 characters or fewer.")
            values = {
                "organisation": organisation,
                "amount": amount,
                "kind": kind,
                "description": get("Description", ""),
            }
        else:
            if not get("Milestone", ""):
                row.errors.append("Enter the milestone.")
            elif len(get("Milestone", "")) > 200:
                row.errors.append("The milestone must be 200 characters or fewer.")
            due = _date(row, get("Due date", ""), "due date")
            if not get("Due date", ""):
                row.errors.append("Enter the due date.")
            values = {
                "title": get("Milestone", ""),
                "due_date": due,
                "done_on": _date(row, get("Done on", ""), "done on date"),
            }
        if project is not None and not row.errors:
            project.new_rows[row.sheet].append(values)
        return row

    def _check(self, row: CheckedRow) -> None:
        get = row.values.get
        title = get("Title", "")
        if not title:
            row.errors.append("Enter a title.")
        elif len(title) > 200:
            row.errors.append("The title must be 200 characters or fewer.")
        elif title.lower() in self.existing_titles and not (
            row.existing and row.existing.title.lower() == title.lower()
        ):
            row.errors.append(f"A project called “{title}” already exists.")

        lead = self._organisation(row, get("Lead organisation", ""), "lead organisation")
        if lead is None and not get("Lead organisation", ""):
            row.errors.append("Enter the lead organisation.")
        if lead and not row.existing and not self.person.can_edit_for({lead.pk}):
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


def _as_import_text(value) -> str:
    """A value of project_row as the import reads it from a cell."""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return _cell_text(value)


def _money_text(text: str) -> str:
    try:
        return f"£{parse_money(text):,.2f}"
    except ValidationError:
        return text


def _same_text(text: str) -> str:
    """Text as compared for a change: the same money, list or words however typed."""
    try:
        return f"{parse_money(text):.2f}"
    except ValidationError:
        return "; ".join(sorted(part.lower() for part in _split(text)))


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
        project.start_date,
        project.end_date,
        project.budget,
        project.pk,
        project.contributed or Decimal(0),
    ]


EXPORT_COLUMNS = [*(column for column, _ in COLUMNS), Column("Contributed", MONEY_KIND)]
EXPORT_HEADINGS = [column.heading for column in EXPORT_COLUMNS]


def export_csv(projects, stream) -> None:
    write_csv(EXPORT_COLUMNS, (project_row(p) for p in projects), stream)


def export_xlsx(projects, stream, *, partnership: Partnership, filterset, by: Person) -> None:
    workbook = Workbook()
    workbook.table("Projects", EXPORT_COLUMNS, (project_row(p) for p in projects))
    workbook.about(
        "Joint projects, in the columns of the import template.",
        partnership=partnership,
        by=by,
        filters=applied_filters(filterset),
    )
    workbook.save(stream)


def _example(partnership: Partnership) -> list:
    first = partnership.parties.order_by("short_name").first()
    return [first.short_name if first and n == 2 else value for n, value in enumerate(EXAMPLE)]


def template_csv(stream, *, partnership: Partnership) -> None:
    write_csv([column for column, _ in COLUMNS], [_example(partnership)], stream)


def template_xlsx(stream, *, partnership: Partnership, by: Person) -> None:
    """The import template: a row to fill in a project, drop-downs where only some values will do
    (their lists on a hidden sheet, as Excel limits a list typed into the rule to 255 characters), an
    example row the import skips, and notes on each column."""
    parties = list(partnership.parties.order_by("short_name").values_list("short_name", flat=True))
    lists = {
        "Sector": Project.Sector.labels,
        "Status": Project.Status.labels,
        "RAG rating": Project.Rag.labels,
        "Organisation": parties,
        "Cash or in kind": Contribution.CashOrInKind.labels,
    }
    ranges = {
        heading: f"Lists!${letter}$2:${letter}${len(values) + 1}"
        for (heading, values), letter in zip(lists.items(), "ABCDE", strict=True)
    }
    workbook = Workbook()
    workbook.table(
        PROJECTS,
        [column for column, _ in COLUMNS],
        [_example(partnership)],
        choices={
            "Sector": ranges["Sector"],
            "Status": ranges["Status"],
            "RAG rating": ranges["RAG rating"],
            "Lead organisation": ranges["Organisation"],
        },
    )
    for sheet, columns in CHILD_COLUMNS.items():
        example = [
            parties[0] if parties and c.heading == "Organisation" else v
            for v, (c, _) in zip(CHILD_EXAMPLES[sheet], columns, strict=True)
        ]
        workbook.table(
            sheet,
            [column for column, _ in columns],
            [example],
            choices={h: r for h, r in ranges.items() if h in {c.heading for c, _ in columns}},
        )
    workbook.table(
        "How to fill it in",
        [Column("Sheet"), Column("Column"), Column("What goes in it")],
        [
            [sheet, column.heading, explanation]
            for sheet, columns in [(PROJECTS, COLUMNS), *CHILD_COLUMNS.items()]
            for column, explanation in columns
        ],
    )
    longest = max(len(values) for values in lists.values())
    workbook.table(
        "Lists",
        [Column(heading) for heading in lists],
        [[values[n] if n < len(values) else None for values in lists.values()] for n in range(longest)],
        hidden=True,
    )
    workbook.about("A template for importing joint projects.", partnership=partnership, by=by)
    workbook.save(stream)
