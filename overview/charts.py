"""Charts for the dashboard and the review pack, drawn on the server as SVG (no script, so the strict CSP
stays as it is, and they print and go into the PDF as they are). This module turns figures the
dashboard already has into plain dataclasses: bars with their positions and lengths, labels, values,
a one-sentence summary and the figures table; templates/overview/charts/*.svg.html draw them.

Hand-written rather than a library: pygal (the one well-kept Python SVG charting library) adds script
and inline styles by default, which the CSP refuses, and matplotlib would add a large dependency for
five simple charts whose text must stay real text for screen readers and the PDF."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from meetings.models import Action, Meeting
from partnership.models import Partnership
from partnership.templatetags.accord import day, gbp
from projects.models import Project

# Colours with at least 3:1 against white (WCAG 1.4.11); red is also hatched and every segment is
# labelled, so colour is never the only cue.
RED, AMBER, GREEN, BLUE, GREY = "#d4351c", "#a85d00", "#00703c", "#1d70b8", "#505a5f"
RAG_FILL = {Project.Rag.RED: RED, Project.Rag.AMBER: AMBER, Project.Rag.GREEN: GREEN}

WIDTH = 700  # the SVG's viewBox width
LABEL = 190  # the label column
AREA = 300  # the longest bar
ROW = 34  # a row's height
LINE = 14  # a label line's height
LABEL_CHARS = 24  # a label line's characters at font-size 13 (about 7.5 units each)
NOTE_CHAR = 7.5  # a note's character width, to make room for the longest note
TOP = 34  # room for the legend


@dataclass
class Segment:
    label: str
    value: int | Decimal
    text: str  # shown inside the segment when it fits
    fill: str
    x: float = 0
    width: float = 0
    hatched: bool = False
    outline: bool = False  # an empty track (what is left to reach a target), drawn as an outline

    @property
    def fits(self) -> bool:
        return self.width >= 8 * len(self.text) + 6

    @property
    def middle(self) -> float:
        return self.x + self.width / 2

    @property
    def pill_width(self) -> float:
        """A solid ground behind the text on a hatched segment, so the text stays legible."""
        return 8 * len(self.text) + 4

    @property
    def pill_x(self) -> float:
        return self.middle - self.pill_width / 2


@dataclass
class Bar:
    label: str
    segments: list[Segment]
    note: str  # after the bar: its total, or "2 turned red"
    y: float = 0
    mark: bool = False  # draws attention (a period in which projects turned red)

    @property
    def end(self) -> float:
        return max((s.x + s.width for s in self.segments), default=LABEL)

    @property
    def text_y(self) -> float:
        return self.y + ROW / 2 + 1

    @property
    def label_lines(self) -> list[str]:
        """The label in at most two lines of whole words that fit the label column: never cut."""
        lines: list[str] = []
        for word in self.label.split():
            if lines and len(lines) < 2 and len(f"{lines[-1]} {word}") > LABEL_CHARS:
                lines.append(word)
            elif lines:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        return lines

    @property
    def label_dy(self) -> float:
        """Where the first line sits, so one or two lines are centred on the bar."""
        return -LINE / 2 if len(self.label_lines) > 1 else 0


@dataclass
class Key:
    label: str
    fill: str
    hatched: bool = False
    outline: bool = False
    x: float = 0
    y: float = 0


@dataclass
class Chart:
    slug: str
    title: str
    summary: str  # one visible sentence
    desc: str  # every figure in words, for the SVG's <desc>
    headers: list[str]
    rows: list[list[str]]  # the figures table; the first cell heads its row
    bars: list[Bar] = field(default_factory=list)
    legend: list[Key] = field(default_factory=list)
    height: float = 0
    width: int = WIDTH
    template: str = "overview/charts/bars.svg.html"

    def lay_out(self) -> "Chart":
        x, y = LABEL, 8
        for key in self.legend:
            if x + 26 + 8 * len(key.label) > self.width:  # wrap the legend onto another line
                x, y = LABEL, y + 24
            key.x, key.y = x, y
            x += 26 + 8 * len(key.label)
        top = y + TOP - 8 if self.legend else 6
        for i, bar in enumerate(self.bars):
            bar.y = top + i * ROW
        self.height = top + len(self.bars) * ROW + 6
        # Room for the longest note after its bar, so no figure is cut off at the right.
        self.width = max([WIDTH, *(round(bar.end + 16 + NOTE_CHAR * len(bar.note)) for bar in self.bars)])
        return self


def _place(segments: list[Segment], scale: float, start: float = LABEL) -> list[Segment]:
    x = start
    for segment in segments:
        segment.x, segment.width = x, round(float(segment.value) * scale, 1)
        x += segment.width
    return segments


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# RAG by review period -------------------------------------------------------------------------------


def rag_by_period(partnership: Partnership, until: datetime | None = None, reviews: int = 4) -> list[dict]:
    """Live projects by RAG rating at each of the last `reviews` reviews up to `until` (and at
    `until` itself), and how many were red there but not at the point before: from the projects'
    history rows, in two queries whatever the number of projects."""
    until = until or timezone.now()
    dates = sorted(
        Meeting.objects.filter(partnership=partnership, starts_at__lt=until)
        .scheduled()
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)[: reviews + 1]
    )
    points = [*dates, until]
    rows = Project.history.filter(partnership=partnership, history_date__lte=until).order_by(
        "history_date", "history_id"
    )
    state: dict[int, tuple[str, str] | None] = {}
    results: list[dict] = []
    history = iter(rows.values_list("id", "history_date", "history_type", "rag", "status"))
    pending = next(history, None)
    previous_red: set[int] | None = None
    for i, point in enumerate(points):
        while pending is not None and pending[1] <= point:
            pk, _, kind, rag, status = pending
            state[pk] = None if kind == "-" else (rag, status)
            pending = next(history, None)
        counts = dict.fromkeys(Project.Rag.values, 0)
        red = set()
        for pk, value in state.items():
            if value is None or value[1] in (Project.Status.COMPLETED, Project.Status.CLOSED):
                continue
            counts[value[0]] += 1
            if value[0] == Project.Rag.RED:
                red.add(pk)
        turned = None if previous_red is None else len(red - previous_red)
        previous_red = red
        if i == 0 and len(points) > reviews + 1:
            continue  # only the baseline of the first period shown
        at = timezone.localdate(point)
        results.append(
            {
                "on": at,
                "now": point is until,
                "counts": counts,
                "turned_red": turned,
                "live": sum(counts.values()),
            }
        )
    return results


def rag_chart(periods: list[dict], now_label: str = "Today") -> Chart:
    largest = max((p["live"] for p in periods), default=0) or 1
    bars = []
    rows = []
    for period in periods:
        label = f"{now_label} ({day(period['on'])})" if period["now"] else f"{day(period['on'])} review"
        segments = [
            Segment(
                Project.Rag(rag).label,
                n,
                f"{Project.Rag(rag).label[0]} {n}",
                RAG_FILL[rag],
                hatched=rag == "red",
            )
            for rag, n in period["counts"].items()
            if n
        ]
        turned = period["turned_red"]
        note = f"{period['live']} live" + (f", {turned} turned red" if turned else "")
        bars.append(Bar(label, _place(segments, AREA / largest), note, mark=bool(turned)))
        counts = period["counts"]
        rows.append(
            [
                label,
                str(counts["red"]),
                str(counts["amber"]),
                str(counts["green"]),
                "—" if turned is None else str(turned),
            ]
        )
    if periods:
        last = periods[-1]
        turned_total = sum(p["turned_red"] or 0 for p in periods)
        summary = (
            f"{_plural(last['live'], 'live project')} now: {last['counts']['red']} red, "
            f"{last['counts']['amber']} amber, {last['counts']['green']} green; "
            f"{_plural(turned_total, 'project')} turned red across the periods shown."
        )
    else:
        summary = "There are no projects yet."
    desc = "; ".join(
        f"{r[0]}: {r[1]} red, {r[2]} amber, {r[3]} green"
        + (f", {r[4]} turned red" if r[4] not in ("—", "0") else "")
        for r in rows
    )
    return Chart(
        "rag-by-period",
        "Live projects by RAG rating at each review",
        summary,
        desc or summary,
        ["Review", "Red", "Amber", "Green", "Turned red since the one before"],
        rows,
        bars,
        [Key("Red", RED, hatched=True), Key("Amber", AMBER), Key("Green", GREEN)],
    ).lay_out()


# The funding pipeline as a funnel -------------------------------------------------------------------


def funnel_chart(by_stage: list[dict], awarded: Decimal | None) -> Chart:
    """Bids still in play (not withdrawn or unsuccessful) that reached each Green Book stage, in GBP
    requested, narrowing to what was awarded."""
    steps: list[tuple[str, int, Decimal]] = []
    for i, row in enumerate(by_stage):
        cells = [
            c for r in by_stage[i:] for c in r["cells"] if c["status"] not in ("withdrawn", "unsuccessful")
        ]
        label = "Every bid in play" if row["stage"] is None else row["label"]
        steps.append(
            (label, sum(c["count"] for c in cells), sum((c["requested"] for c in cells), Decimal(0)))
        )
    won = sum(c["count"] for r in by_stage for c in r["cells"] if c["status"] == "successful")
    steps.append(("Awarded", won, awarded or Decimal(0)))
    largest = max((s[2] for s in steps), default=Decimal(0)) or Decimal(1)
    bars = []
    for label, count, money in steps:
        width = round(float(money / largest) * AREA, 1)
        segment = Segment(label, money, "", BLUE if label != "Awarded" else GREEN)
        segment.x, segment.width = LABEL + (AREA - width) / 2, width
        bars.append(Bar(label, [segment], f"{gbp(money)} ({_plural(count, 'bid')})"))
    rows = [[label, str(count), gbp(money)] for label, count, money in steps]
    if len(steps) < 2:
        steps.insert(0, ("Every bid in play", 0, Decimal(0)))
    summary = (
        f"{gbp(steps[0][2])} is requested by {_plural(steps[0][1], 'bid')} in play; "
        f"{gbp(steps[-2][2])} has reached a full business case and {gbp(steps[-1][2])} was awarded."
    )
    return Chart(
        "funding-funnel",
        "The funding pipeline by Green Book stage",
        summary,
        "; ".join(f"{r[0]}: {r[2]}, {r[1]} bids" for r in rows)
        + ". Each stage counts the bids that reached it or went further, except withdrawn and unsuccessful ones.",
        ["Reached", "Bids", "Requested (awarded for the last row)"],
        rows,
        bars,
    ).lay_out()


# Outcomes against targets ---------------------------------------------------------------------------


def outcomes_chart(kinds: list) -> Chart:
    bars, rows = [], []
    for kind in kinds:
        target, achieved = kind.target or Decimal(0), kind.achieved or Decimal(0)
        show = gbp if kind.is_money else (lambda v: f"{v:,.0f}")
        share = round(100 * achieved / target) if target else None
        done = min(achieved, target) if target else Decimal(0)
        segments = _place(
            [
                Segment("Achieved", done, f"{share}%" if share is not None else "", GREEN),
                Segment("Still to achieve", max(target - done, Decimal(0)), "", "#ffffff", outline=True),
            ],
            AREA / float(target) if target else 0,
        )
        note = f"{show(achieved)} of {show(target)}" + (
            f" ({share}%)" if share is not None else ", no target"
        )
        bars.append(Bar(kind.name, segments, note))
        rows.append([kind.name, show(target), show(achieved), f"{share}%" if share is not None else "—"])
    met = sum(1 for r in rows if r[3] != "—" and int(r[3][:-1]) >= 100)
    summary = (
        f"{met} of {_plural(len(rows), 'outcome')} "
        + ("has reached its target." if len(rows) == 1 else "have reached their targets.")
        if rows
        else "No outcome targets are set yet."
    )
    return Chart(
        "outcomes",
        "Outcomes against their targets",
        summary,
        "; ".join(f"{r[0]}: {r[2]} achieved of {r[1]} ({r[3]})" for r in rows) or summary,
        ["Outcome", "Target", "Achieved", "Share of target"],
        rows,
        bars,
        [Key("Achieved", GREEN), Key("Still to achieve", "#ffffff", outline=True)],
    ).lay_out()


# Open actions by age, per party ---------------------------------------------------------------------

AGES = [
    ("not_due", "Not yet due", BLUE),
    ("late_30", "Up to 30 days late", AMBER),
    ("late_90", "31 to 90 days late", RED),
    ("later", "Over 90 days late", "#0b0c0c"),
]


def actions_by_age(partnership: Partnership, today: date | None = None) -> list[dict]:
    """Open actions of each owning organisation by how late they are. One query."""
    today = today or timezone.localdate()
    return list(
        Action.objects.open()
        .filter(meeting__partnership=partnership)
        .order_by()
        .values("owner_organisation__short_name")
        .annotate(
            not_due=Count("pk", filter=Q(due_date__gte=today)),
            late_30=Count("pk", filter=Q(due_date__lt=today, due_date__gte=today - timedelta(days=30))),
            late_90=Count(
                "pk",
                filter=Q(due_date__lt=today - timedelta(days=30), due_date__gte=today - timedelta(days=90)),
            ),
            later=Count("pk", filter=Q(due_date__lt=today - timedelta(days=90))),
        )
        .order_by("owner_organisation__short_name")
    )


def actions_chart(parties: list[dict]) -> Chart:
    largest = max((sum(p[k] for k, _, _ in AGES) for p in parties), default=0) or 1
    bars, rows = [], []
    for party in parties:
        name = party["owner_organisation__short_name"]
        segments = [
            Segment(label, party[key], str(party[key]), fill, hatched=key == "late_90")
            for key, label, fill in AGES
            if party[key]
        ]
        total = sum(party[k] for k, _, _ in AGES)
        late = total - party["not_due"]
        bars.append(
            Bar(name, _place(segments, AREA / largest), f"{total} open, {late} late", mark=bool(late))
        )
        rows.append([name, *(str(party[k]) for k, _, _ in AGES)])
    late_all = sum(sum(p[k] for k, _, _ in AGES[1:]) for p in parties)
    summary = (
        f"{_plural(late_all, 'open action')} {'is' if late_all == 1 else 'are'} late across "
        f"{_plural(len(parties), 'party')}."
        if parties
        else "No action is open."
    ).replace("partys", "parties")
    return Chart(
        "actions-by-age",
        "Open actions by how late they are, per party",
        summary,
        "; ".join(
            f"{r[0]}: " + ", ".join(f"{v} {a[1].lower()}" for v, a in zip(r[1:], AGES, strict=True))
            for r in rows
        )
        or summary,
        ["Party", *(label for _, label, _ in AGES)],
        rows,
        bars,
        [Key(label, fill, hatched=key == "late_90") for key, label, fill in AGES],
    ).lay_out()


# Clause coverage as a heat-map ----------------------------------------------------------------------

CELL_W, CELL_H, HEAT_LABEL, HEAT_TOP = 52, 26, 80, 130


@dataclass
class Cell:
    x: float
    count: int
    fill: str
    dark: bool  # white text on a dark cell


@dataclass
class HeatRow:
    number: str
    y: float
    cells: list[Cell]
    gap: bool


def _shade(count: int, largest: int) -> tuple[str, bool]:
    if not count:
        return "#f3f2f1", False
    steps = ["#d2e2f1", "#8eb8dc", "#1d70b8", "#003078"]
    i = min(len(steps) - 1, (len(steps) * count - 1) // max(largest, 1))
    return steps[i], i >= 2


@dataclass
class HeatMap:
    slug: str
    title: str
    summary: str
    desc: str
    columns: list[tuple[float, str]]
    heat_rows: list[HeatRow]
    width: float
    height: float
    template: str = "overview/charts/heatmap.svg.html"
    legend: list = field(default_factory=list)


def coverage_chart(matrix: list) -> HeatMap:
    headings = [s.heading for s in matrix[0].served] if matrix else []
    largest = max((s.count for c in matrix for s in c.served), default=0)
    heat_rows = []
    for i, clause in enumerate(matrix):
        cells = []
        for j, served in enumerate(clause.served):
            fill, dark = _shade(served.count, largest)
            cells.append(Cell(HEAT_LABEL + j * CELL_W, served.count, fill, dark))
        heat_rows.append(HeatRow(str(clause.number), HEAT_TOP + i * CELL_H, cells, not clause.total))
    gaps = [r.number for r in heat_rows if r.gap]
    summary = (
        f"{_plural(len(gaps), 'clause')} of {len(matrix)} {'is' if len(gaps) == 1 else 'are'} served by nothing"
        + (f": {', '.join(gaps)}." if gaps else ".")
    )
    desc = "; ".join(
        f"{c.number}: "
        + (", ".join(f"{s.heading} {s.count}" for s in c.served if s.count) or "nothing, a gap")
        for c in matrix
    )
    return HeatMap(
        "coverage",
        "Records serving each clause of the agreement",
        summary,
        desc or summary,
        [(HEAT_LABEL + j * CELL_W + CELL_W / 2, h) for j, h in enumerate(headings)],
        heat_rows,
        HEAT_LABEL + len(headings) * CELL_W + 130,  # room for the last heading, slanted
        HEAT_TOP + len(heat_rows) * CELL_H + 6,
    )


def dashboard_charts(figures: dict) -> dict:
    """The dashboard's charts from its (cached) figures: no query."""
    # .get: figures kept in the cache by an Accord without the charts lack them for a minute.
    return {
        "rag": rag_chart(figures.get("rag_by_period", [])),
        "funnel": funnel_chart(figures["funding"].get("by_stage", []), figures["funding"]["awarded"]),
        "outcomes": outcomes_chart(figures["outcomes"]),
        "actions": actions_chart(figures.get("actions_by_age", [])),
        "coverage": coverage_chart(figures["matrix"]),
    }
