import pytest
from django.core.management import CommandError, call_command

from partnership.agreement_text import AgreementTextError, parse_agreement
from partnership.models import Agreement, Clause, Organisation
from tests.conftest import SEED


def test_seed_becomes_the_agreement_with_its_commitments_and_practices(db):
    call_command("import_agreement", str(SEED))
    agreement = Agreement.objects.get()
    assert agreement.title == "Strategic Partnership Agreement"
    assert set(agreement.partnership.parties.values_list("short_name", flat=True)) == {"HLEP", "CPCA"}
    assert list(agreement.clauses.commitments().values_list("number", flat=True)) == [
        "2.3.1",
        "2.3.2",
        "2.3.3",
        "2.3.4",
        "2.3.5",
        "2.3.6",
        "2.3.7",
    ]
    assert {"3.1", "3.2", "3.3", "3.4", "3.5"} <= set(
        agreement.clauses.practices().values_list("number", flat=True)
    )
    clause = agreement.clauses.get(number="2.3.3")
    assert clause.heading == "Work collaboratively to develop cross-border activities"
    assert "life sciences, ICT and advanced manufacturing" in clause.text
    assert clause.parent.number == "2.3"
    assert agreement.clauses.get(number="3.2").heading == "Meetings"
    cpca = Organisation.objects.get(short_name="CPCA")
    assert cpca.kind == Organisation.BodyType.COMBINED_AUTHORITY
    assert cpca.board.name == "CPCA Board"
    assert agreement.status == Agreement.Status.DRAFT  # the seed's signature block is blank


def test_importing_the_same_text_again_changes_nothing(db, capsys):
    call_command("import_agreement", str(SEED))
    call_command("import_agreement", str(SEED))
    assert Agreement.objects.count() == 1
    assert Clause.objects.count() == 21
    assert "nothing changed" in capsys.readouterr().out


def test_a_new_version_leaves_the_old_one_readable(db, tmp_path, client):
    call_command("import_agreement", str(SEED))
    amended = (
        SEED.read_text()
        .replace(
            "Signed on behalf of Cambridgeshire & Peterborough Combined Authority:\n\nName\n\nDate",
            "Signed on behalf of Cambridgeshire & Peterborough Combined Authority:\n\nName: Nik Johnson\n\nDate: 2025-03-31",
        )
        .replace(
            "Signed on behalf of Hertfordshire Enterprise Partnership (HLEP)\n\nName\n\nDate",
            "Signed on behalf of Hertfordshire Enterprise Partnership (HLEP)\n\nName: Mark Bretton\n\nDate: 31/03/2025",
        )
    )
    path = tmp_path / "agreement-v2.md"
    path.write_text(amended)
    call_command("import_agreement", str(path))

    first, second = Agreement.objects.order_by("version")
    assert (first.version, second.version) == (1, 2)
    assert first.status == Agreement.Status.SUPERSEDED
    assert second.status == Agreement.Status.SIGNED
    assert second.signatures.get(organisation__short_name="CPCA").signatory_name == "Nik Johnson"
    assert first.clauses.count() == second.clauses.count() == 21


@pytest.mark.parametrize(
    "text, line, message",
    [
        (
            "**Title**\n\n**Between**\n\n**ONE (A)**\n\n**And**\n\n**TWO (B)**\n\n- 2.3.1 **Orphan**\n",
            11,
            "before its parent",
        ),
        ("**Title**\n\n**Between**\n\n**ONE (A)**\n\n**And**\n\n**TWO**\n", 9, "must be written as NAME"),
        (
            "**Title**\n**Between**\n**ONE (A)**\n**And**\n**TWO (B)**\n## 1 In practice\n- 1.1 **X** y\n"
            "Signed on behalf of ONE (A)\nDate: next tuesday\n",
            9,
            "cannot read the date",
        ),
    ],
)
def test_a_file_it_cannot_read_names_the_line_and_saves_nothing(db, tmp_path, text, line, message):
    path = tmp_path / "broken.md"
    path.write_text(text)
    with pytest.raises(CommandError, match=rf"line {line}: .*{message}"):
        call_command("import_agreement", str(path))
    assert not Agreement.objects.exists()
    assert not Organisation.objects.exists()


def test_a_file_that_is_not_text_is_refused_with_its_line():
    with pytest.raises(AgreementTextError, match="line 2: the file is not UTF-8"):
        parse_agreement(b"**Title**\n\xff\xfe")


def test_a_missing_file_gets_a_clear_message(db):
    with pytest.raises(CommandError, match="Cannot read /nowhere.md"):
        call_command("import_agreement", "/nowhere.md")
