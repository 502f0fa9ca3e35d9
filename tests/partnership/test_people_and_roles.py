from partnership.models import Board, Membership, Organisation, Person


def form_data(hlep, cpca, **overrides):
    data = {
        "first_name": "Priya",
        "last_name": "Shah",
        "email": "Priya.Shah@Example.org",
        "job_title": "Skills lead",
        "is_active": "on",
        f"roles_{hlep.pk}": ["officer"],
        f"roles_{cpca.pk}": ["board_member", "partnership_admin"],
    }
    return {**data, **overrides}


def test_an_admin_adds_a_person_with_roles_at_both_parties(admin_client_, admin_person, hlep, cpca):
    # Roles at a party are given by that party's admins: this admin is one at both.
    Membership.objects.create(person=admin_person, organisation=cpca, role=Membership.Role.PARTNERSHIP_ADMIN)
    response = admin_client_.post("/people/new/", form_data(hlep, cpca))
    person = Person.objects.get(email="priya.shah@example.org")
    assert response.status_code == 302
    assert set(person.memberships.values_list("organisation__short_name", "role")) == {
        ("HLEP", "officer"),
        ("CPCA", "board_member"),
        ("CPCA", "partnership_admin"),
    }
    assert person.is_partnership_admin


def test_changing_roles_replaces_them_and_is_kept_in_the_audit_trail(admin_client_, hlep, cpca, hlep_officer):
    response = admin_client_.post(
        f"/people/{hlep_officer.pk}/edit/",
        form_data(
            hlep,
            cpca,
            email=hlep_officer.email,
            **{f"roles_{hlep.pk}": ["board_member"], f"roles_{cpca.pk}": []},
        ),
    )
    assert response.status_code == 302
    assert list(hlep_officer.memberships.values_list("role", flat=True)) == ["board_member"]
    assert Membership.history.filter(person_id=hlep_officer.pk, history_type="-").exists()
    page = admin_client_.get(f"/people/{hlep_officer.pk}/")
    assert b"History" in page.content
    assert b"Changed" in page.content


def test_a_person_needs_a_role_and_a_unique_email_and_nothing_is_saved_otherwise(
    admin_client_, hlep, cpca, hlep_officer
):
    response = admin_client_.post(
        "/people/new/",
        form_data(
            hlep, cpca, email=hlep_officer.email.upper(), **{f"roles_{hlep.pk}": [], f"roles_{cpca.pk}": []}
        ),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Another person already signs in with this email address." in content
    assert "Give the person at least one role at one of the parties." in content
    assert not Person.objects.filter(first_name="Priya").exists()


def test_an_admin_adds_a_party_with_its_board(admin_client_, partnership):
    response = admin_client_.post(
        "/partnership/organisations/new/",
        {"name": "Essex County Council", "short_name": "ECC", "kind": "council"},
    )
    essex = Organisation.objects.get(short_name="ECC")
    assert response.status_code == 302
    assert partnership.parties.filter(pk=essex.pk).exists()
    assert Board.objects.get(organisation=essex).name == "ECC Board"


def test_the_board_secretary_must_be_one_of_the_organisations_people(
    admin_client_, hlep, cpca_officer, hlep_officer
):
    url = f"/partnership/organisations/{hlep.pk}/board/edit/"
    refused = admin_client_.post(url, {"name": "HLEP Board", "secretary": cpca_officer.pk, "quorum": 3})
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    accepted = admin_client_.post(url, {"name": "HLEP Board", "secretary": hlep_officer.pk, "quorum": 3})
    assert accepted.status_code == 302
    hlep.board.refresh_from_db()
    assert hlep.board.secretary == hlep_officer
    assert hlep.board.quorum == 3


def test_the_partnership_page_shows_each_board_and_its_members(
    board_client, hlep_board_member, cpca_board_member
):
    content = board_client.get("/partnership/").content.decode()
    assert "Hertfordshire Enterprise Partnership (HLEP)" in content
    assert "Cambridgeshire and Peterborough Combined Authority (CPCA)" in content
    assert str(hlep_board_member) in content and str(cpca_board_member) in content


def test_each_commitment_and_practice_has_its_own_page(board_client):
    commitment = board_client.get("/agreement/v1/clauses/2.3.6/").content.decode()
    assert "Build on the existing partnership working" in commitment
    assert "increase housing supply" in commitment
    practice = board_client.get("/agreement/v1/clauses/3.4/").content.decode()
    assert "Local Industrial Strategies" in practice
    agreement = board_client.get("/agreement/").content.decode()
    assert "Signatories" in agreement and "Not signed yet" in agreement


def test_the_people_page_runs_a_fixed_number_of_queries(admin_client_, hlep, django_assert_max_num_queries):
    from tests.factories import PersonFactory

    PersonFactory.create_batch(3, roles=[(hlep, "officer")])
    with django_assert_max_num_queries(12) as small:
        admin_client_.get("/people/")
    PersonFactory.create_batch(30, roles=[(hlep, "officer")])
    with django_assert_max_num_queries(len(small.captured_queries)):
        admin_client_.get("/people/")
