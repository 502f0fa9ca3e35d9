"""The partnership's one door for writes: values in, the acting person named, all saved or none."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError
from rest_framework.authtoken.models import Token

from partnership.models import Board, Clause, Membership, Organisation, Partnership, Person
from partnership.services import (
    add_evidence,
    add_party,
    change_consultation,
    change_evidence,
    create_person,
    open_consultation,
    renew_api_key,
    revoke_api_key,
    update_person,
)

pytestmark = pytest.mark.django_db


def test_a_party_joins_with_its_board_and_names_who_added_it(partnership, admin_person):
    organisation = add_party(
        partnership, by=admin_person, name="Essex County Council", short_name="ECC", kind="council"
    )

    assert organisation.board.name == "ECC Board"
    assert organisation in partnership.parties.all()
    assert organisation.history.get().history_user == admin_person
    assert organisation.board.history.get().history_user == admin_person


def test_a_party_that_cannot_join_leaves_no_organisation_or_board(admin_person):
    organisations, boards = Organisation.objects.count(), Board.objects.count()

    with pytest.raises(ValueError):
        add_party(Partnership(name="Not saved"), by=admin_person, name="Essex", short_name="ECC")

    assert (Organisation.objects.count(), Board.objects.count()) == (organisations, boards)


def test_a_person_whose_roles_cannot_be_saved_is_not_added(hlep, admin_person):
    # The form offers only known roles; an impossible one stands for any failure after the person is saved.
    with pytest.raises(DataError):
        create_person(
            roles={hlep: [Membership.Role.OFFICER, "a role too long for its column" * 10]},
            by=admin_person,
            first_name="Ola",
            last_name="Nowak",
            email="ola@hlep.example",
        )

    assert not Person.objects.filter(email="ola@hlep.example").exists()


def test_changing_a_persons_roles_names_who_changed_them(hlep, hlep_officer, admin_person):
    update_person(
        hlep_officer,
        roles={hlep: [Membership.Role.BOARD_MEMBER]},
        by=admin_person,
        job_title="Board member",
    )

    membership = hlep_officer.memberships.get()
    assert membership.role == Membership.Role.BOARD_MEMBER
    assert membership.history.get().history_user == admin_person
    removed = Membership.history.filter(person=hlep_officer, history_type="-").get()
    assert removed.history_user == admin_person


def test_evidence_keeps_its_file_when_a_change_uploads_none(partnership, hlep, commitment, hlep_officer):
    evidence = add_evidence(
        partnership=partnership,
        by=hlep_officer,
        title="Skills survey",
        owner=hlep,
        description="Employers' skills needs.",
        file=SimpleUploadedFile("survey.pdf", b"%PDF-1.4 survey"),
        sharing_basis="ogl",
        shared_on=datetime.date(2026, 5, 1),
        next_review_on=datetime.date(2027, 5, 1),
        commitments=[commitment],
    )
    name = evidence.file.name

    change_evidence(evidence, by=hlep_officer, title="Skills survey 2026", file=None)

    evidence.refresh_from_db()
    assert (evidence.title, evidence.file.name) == ("Skills survey 2026", name)
    assert evidence.added_by == hlep_officer
    assert list(evidence.commitments.all()) == [commitment]
    assert {h.history_user for h in evidence.history.all()} == {hlep_officer}


def test_a_renewed_api_key_replaces_the_old_one_and_a_revoked_one_is_gone(hlep_officer):
    old = renew_api_key(by=hlep_officer)
    new = renew_api_key(by=hlep_officer)

    assert new.key != old.key
    assert list(Token.objects.filter(user=hlep_officer)) == [new]
    revoke_api_key(by=hlep_officer)
    assert not Token.objects.filter(user=hlep_officer).exists()


def test_a_consultation_whose_commitments_cannot_be_saved_keeps_its_old_title(
    partnership, hlep, cpca, commitment, hlep_officer
):
    consultation = open_consultation(
        partnership=partnership,
        consulted=[cpca],
        by=hlep_officer,
        consulting_organisation=hlep,
        kind="skills_plan",
        title="Skills plan 2027",
        summary="For comment.",
        link="https://example.org/skills-plan",
        opens_on=datetime.date(2026, 12, 1),
        respond_by=datetime.date(2027, 1, 31),
        commitments=[commitment],
    )
    assert consultation.opened_by == hlep_officer
    assert consultation.responses.get().history.get().history_user == hlep_officer

    with pytest.raises(ValueError):
        change_consultation(
            consultation, by=hlep_officer, title="Changed", commitments=[Clause(number="9.9")]
        )

    consultation.refresh_from_db()
    assert consultation.title == "Skills plan 2027"
    assert list(consultation.commitments.all()) == [commitment]
