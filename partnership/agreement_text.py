"""Reads an agreement written like the seed: a bold title, its parties between **Between** and
**And**, numbered sections (`## 1 Heading` or `**3 Heading**`), numbered clauses (`- 2.3.4 text`)
whose bold words are their heading, and a signature block per party (`Signed on behalf of X`,
then `Name: …` and `Date: …`).

Kinds: in a section whose heading speaks of commitment, the leaf clauses are commitments; every
clause of a section headed "In practice" is a practice; all others are general.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass, field

BOLD = re.compile(r"\*\*(.+?)\*\*")
SECTION = re.compile(r"^(?:#+\s*(?P<n1>\d+)\s+(?P<h1>.+)|\*\*(?P<n2>\d+)\s+(?P<h2>.+?)\*\*)\s*$")
CLAUSE = re.compile(r"^[-*]\s+(?P<number>\d+(?:\.\d+)+)\s+(?P<text>.+)$")
TITLE_OR_PARTY = re.compile(r"^\*\*(?P<text>[^*]+)\*\*$")
PARTY = re.compile(r"^(?P<name>.+?)\s*\((?P<short>[A-Za-z0-9&]+)\)$")
SIGNED_FOR = re.compile(r"^Signed on behalf of\s+(?P<party>.+?):?$", re.IGNORECASE)
SIGNATURE_FIELD = re.compile(r"^(?P<field>Name|Date)\s*:?\s*(?P<value>.*)$", re.IGNORECASE)
SMALL_WORDS = {"and", "of", "the", "for"}
SHORT_TITLE_CHARS = 60
# Words a short title does not end on: "… for HMG investment into the" reads as cut.
TRAILING_WORDS = set(
    "a across an and are at by for from in into is its of on or our that the their to we which will with".split()
)
PHRASE = re.compile(r"([^,;:.]+)([,;:.]?)")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y")


class AgreementTextError(ValueError):
    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(f"line {line}: {message}")


@dataclass
class PartyText:
    name: str
    short_name: str
    kind: str
    signatory_name: str = ""
    signed_on: datetime.date | None = None


@dataclass
class ClauseText:
    number: str
    heading: str
    text: str
    kind: str = "general"
    line: int = 0

    @property
    def parent_number(self) -> str | None:
        return self.number.rsplit(".", 1)[0] if "." in self.number else None


@dataclass
class AgreementText:
    title: str
    parties: list[PartyText]
    clauses: list[ClauseText] = field(default_factory=list)
    sha256: str = ""


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", BOLD.sub(r"\1", text)).strip()


def _tidy_heading(text: str) -> str:
    text = text.strip().rstrip(";:.,").strip()
    return text[:1].upper() + text[1:]


def short_title(text: str, limit: int = SHORT_TITLE_CHARS) -> str:
    """A clause's short title from its wording: the first phrase (up to the first , ; : or full
    stop), cut at a word boundary to at most `limit` characters, never
    mid-word, without trailing small words. "Identify potential opportunities for HMG investment
    into the region, …" gives "Identify potential opportunities for HMG investment"; "Together, we
    are committed to …" skips the lone opening word "Together," (but "Meetings;" is a title)."""
    phrases = [(phrase.split(), end) for phrase, end in PHRASE.findall(_plain(text))]
    if len(phrases) > 1 and len(phrases[0][0]) == 1 and phrases[0][1] == ",":
        phrases = phrases[1:]
    words = phrases[0][0] if phrases else []
    while words and len(" ".join(words)) > limit:
        words.pop()
    while len(words) > 1 and words[-1].lower() in TRAILING_WORDS:
        words.pop()
    if not words:  # one word longer than the limit: still whole words only, so the word itself
        words = _plain(text).split()[:1]
    title = " ".join(words)
    return title[:1].upper() + title[1:]


def without_heading_label(text: str, heading: str) -> str:
    """The clause's sentence without a leading "Heading;" or "Heading:" label: in "**Meetings;**
    Representatives of …" the bold word is a heading, not part of the sentence. Bold words that are
    part of the sentence ("**Explore joint opportunities** for investment …") stay."""
    if not heading:
        return text
    label = re.match(rf"\s*{re.escape(heading.rstrip(';:.,').strip())}\s*[;:]\s*", text, re.IGNORECASE)
    return text[label.end() :] if label and text[label.end() :].strip() else text


def _name_case(text: str) -> str:
    words = text.lower().split()
    return " ".join(w if i and w in SMALL_WORDS else w.capitalize() for i, w in enumerate(words))


def _organisation_kind(name: str) -> str:
    lowered = name.lower()
    if "combined authority" in lowered:
        return "combined_authority"
    if "enterprise partnership" in lowered:
        return "lep"
    if "council" in lowered:
        return "council"
    return "other"


def _normalised(name: str) -> str:
    name = re.sub(r"\(.*?\)", "", name.lower()).replace("&", "and")
    return re.sub(r"[^a-z]+", " ", name).strip()


def _parse_date(value: str, line: int) -> datetime.date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise AgreementTextError(line, f"cannot read the date {value!r}; write it as 2025-03-31 or 31/03/2025.")


def parse_agreement(raw: bytes) -> AgreementText:
    try:
        source = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise AgreementTextError(line, "the file is not UTF-8 text.") from None

    title = ""
    parties: list[PartyText] = []
    clauses: dict[str, ClauseText] = {}
    section_kind = "general"
    expecting_party = False
    signing: PartyText | None = None
    current: ClauseText | None = None

    for number, raw_line in enumerate(source.splitlines(), start=1):
        line = raw_line.strip()
        if not line:
            current = None
            continue

        if section := SECTION.match(line):
            clause_number = section["n1"] or section["n2"]
            heading = _tidy_heading(section["h1"] or section["h2"])
            lowered = heading.lower()
            section_kind = (
                "commitment"
                if "commitment" in lowered
                else "practice"
                if lowered.startswith("in practice")
                else "general"
            )
            if clause_number in clauses:
                raise AgreementTextError(number, f"clause {clause_number} appears twice.")
            clauses[clause_number] = ClauseText(clause_number, heading, heading, "general", number)
            current = None
            continue

        if clause := CLAUSE.match(line):
            text = clause["text"]
            clause_number = clause["number"]
            if clause_number in clauses:
                raise AgreementTextError(number, f"clause {clause_number} appears twice.")
            parent = clause_number.rsplit(".", 1)[0]
            if parent not in clauses:
                raise AgreementTextError(
                    number, f"clause {clause_number} comes before its parent clause {parent}."
                )
            bold = BOLD.search(text)
            kind = "practice" if section_kind == "practice" else "general"
            if section_kind == "commitment" and bold:
                kind = "commitment"
                # Only leaves are commitments: 2.3 introduces 2.3.1–2.3.7 and is not one itself.
                if clauses[parent].kind == "commitment":
                    clauses[parent].kind = "general"
            heading = _tidy_heading(bold[1]) if bold else ""
            current = ClauseText(
                clause_number, heading, without_heading_label(_plain(text), heading), kind, number
            )
            clauses[clause_number] = current
            continue

        if match := SIGNED_FOR.match(line):
            signing = _find_party(parties, match["party"], number)
            current = None
            continue

        if signing and (match := SIGNATURE_FIELD.match(line)):
            value = match["value"].strip()
            if match["field"].lower() == "name":
                signing.signatory_name = value
            elif value:
                signing.signed_on = _parse_date(value, number)
            continue

        if match := TITLE_OR_PARTY.match(line):
            text = match["text"].strip()
            if text.lower() in {"between", "and"}:
                expecting_party = True
            elif expecting_party:
                expecting_party = False
                party = PARTY.match(text)
                if not party:
                    raise AgreementTextError(
                        number, f"a party must be written as NAME (SHORT NAME), not {text!r}."
                    )
                if not any(p.short_name == party["short"] for p in parties):
                    name = _name_case(party["name"])
                    parties.append(PartyText(name, party["short"].upper(), _organisation_kind(name)))
            elif not title:
                title = _name_case(text)
            continue

        if current is not None:
            current.text = f"{current.text} {_plain(line)}"
            continue

    if not title:
        raise AgreementTextError(1, "no title found: the first bold line should be the agreement's title.")
    if len(parties) < 2:
        raise AgreementTextError(
            1, "an agreement needs at least two parties, each after **Between** or **And**."
        )
    if not any(c.kind in ("commitment", "practice") for c in clauses.values()):
        raise AgreementTextError(1, "no numbered clauses found.")

    for clause_text in clauses.values():
        # Every clause is known by a short title: its bold heading, else its first phrase (3.2.1).
        if not clause_text.heading or len(clause_text.heading) > SHORT_TITLE_CHARS:
            clause_text.heading = short_title(clause_text.heading or clause_text.text)

    return AgreementText(
        title=title,
        parties=parties,
        clauses=list(clauses.values()),
        sha256=hashlib.sha256(source.strip().encode()).hexdigest(),
    )


def _find_party(parties: list[PartyText], name: str, line: int) -> PartyText:
    wanted = _normalised(name)
    for party in parties:
        if wanted in (_normalised(party.name), party.short_name.lower()) or f"({party.short_name})" in name:
            return party
    raise AgreementTextError(line, f"signed on behalf of {name!r}, which is not a party to the agreement.")
