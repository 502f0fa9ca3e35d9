"""The agenda: the standing items of 3.2.1 plus the admin's, in order, with presenters and papers."""

import io
import zipfile
from datetime import timedelta

import openpyxl
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings import services
from meetings.models import AgendaItem, Paper
from tests.meetings.factories import held_at

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def office_file(*parts: tuple[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts:
            archive.writestr(name, content)
    return buffer.getvalue()


def xlsx() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def agenda_titles(meeting):
    return list(meeting.agenda_items.values_list("title", flat=True))


def test_an_admin_adds_an_item_with_a_presenter_at_the_end(admin_client_, meeting, hlep_officer):
    admin_client_.post(
        f"/meetings/{meeting.pk}/agenda/new/",
        {"title": "Housing delivery update", "presenter": hlep_officer.pk},
    )
    item = meeting.agenda_items.last()
    assert (item.title, item.presenter) == ("Housing delivery update", hlep_officer)
    assert list(meeting.presenters_missing_papers()) == [hlep_officer]


def test_moving_an_item_up_works_without_javascript(admin_client_, meeting):
    last = meeting.agenda_items.last()
    response = admin_client_.post(f"/meetings/agenda/{last.pk}/move/", {"direction": "up"})
    assert response.status_code == 302
    assert agenda_titles(meeting) == [
        "Review of joint working",
        "Future priorities",
        "Opportunities for collective working",
    ]


def test_the_page_script_gets_the_new_order_as_json(admin_client_, meeting):
    first = meeting.agenda_items.first()
    response = admin_client_.post(
        f"/meetings/agenda/{first.pk}/move/", {"direction": "down"}, headers={"Accept": "application/json"}
    )
    assert response.json()["order"] == list(meeting.agenda_items.values_list("pk", flat=True))
    assert agenda_titles(meeting)[1] == "Review of joint working"


def test_moving_the_first_item_up_changes_nothing(admin_client_, meeting):
    before = agenda_titles(meeting)
    admin_client_.post(f"/meetings/agenda/{meeting.agenda_items.first().pk}/move/", {"direction": "up"})
    assert agenda_titles(meeting) == before


def test_board_members_cannot_reorder_the_agenda(board_client, meeting):
    last = meeting.agenda_items.last()
    assert board_client.post(f"/meetings/agenda/{last.pk}/move/", {"direction": "up"}).status_code == 403
    assert agenda_titles(meeting)[-1] == last.title


@pytest.mark.parametrize(
    "name, content",
    [
        ("joint-working-review.pdf", PDF),
        ("priorities.docx", office_file(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w/>"))),
        ("figures.xlsx", xlsx()),
        (
            "notes.odt",
            office_file(("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<x/>")),
        ),
    ],
)
def test_an_officer_uploads_each_kind_of_paper(officer_client, meeting, name, content):
    item = meeting.agenda_items.first()
    response = officer_client.post(
        f"/meetings/agenda/{item.pk}/papers/new/", {"title": "Paper", "file": upload(name, content)}
    )
    assert response.status_code == 302
    paper = Paper.objects.get()
    assert paper.original_name == name
    assert not paper.is_late
    download = officer_client.get(paper.get_absolute_url())
    assert b"".join(download.streaming_content) == content
    assert name in download["Content-Disposition"]


@pytest.mark.parametrize(
    "name, content, error",
    [
        ("budget.exe", b"MZ\x90\x00", "must be a PDF, DOCX, XLSX or ODT"),
        ("renamed.pdf", b"MZ\x90\x00 not really a pdf", "not a real PDF file"),
        ("archive.docx", office_file(("readme.txt", "hello")), "not a real DOCX file"),
    ],
)
def test_papers_are_checked_by_content_not_only_by_name(officer_client, meeting, name, content, error):
    item = meeting.agenda_items.first()
    response = officer_client.post(
        f"/meetings/agenda/{item.pk}/papers/new/", {"title": "Paper", "file": upload(name, content)}
    )
    assert error in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not Paper.objects.exists()


def test_a_paper_over_the_size_limit_is_refused(officer_client, meeting, settings):
    settings.ACCORD_MAX_UPLOAD_MB = 1
    item = meeting.agenda_items.first()
    big = PDF + b"0" * (1024 * 1024)
    response = officer_client.post(
        f"/meetings/agenda/{item.pk}/papers/new/", {"title": "Big", "file": upload("big.pdf", big)}
    )
    assert "smaller than 1MB" in response.content.decode()
    assert not Paper.objects.exists()


def test_a_paper_after_the_deadline_is_marked_late(client, hlep_officer, meeting):
    item = meeting.agenda_items.first()
    with time_machine.travel(meeting.papers_deadline + timedelta(hours=1)):
        client.force_login(hlep_officer)
        client.post(
            f"/meetings/agenda/{item.pk}/papers/new/", {"title": "Late", "file": upload("l.pdf", PDF)}
        )
        assert "Late</strong>" in client.get(meeting.get_absolute_url()).content.decode()
    assert Paper.objects.get().is_late


def test_the_presenter_uploads_but_other_board_members_cannot(
    client, meeting, hlep_board_member, cpca_board_member
):
    item = meeting.agenda_items.first()
    item.presenter = cpca_board_member
    item.save()
    client.force_login(hlep_board_member)
    url = f"/meetings/agenda/{item.pk}/papers/new/"
    assert client.post(url, {"title": "Mine", "file": upload("a.pdf", PDF)}).status_code == 403
    client.force_login(cpca_board_member)
    assert client.post(url, {"title": "Mine", "file": upload("a.pdf", PDF)}).status_code == 302
    assert list(meeting.presenters_missing_papers()) == []


def test_papers_are_not_served_to_another_partnership(client, outsider, meeting, hlep_officer):
    item = meeting.agenda_items.first()
    paper = Paper.objects.create(
        agenda_item=item,
        title="P",
        file=upload("p.pdf", PDF),
        original_name="p.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=hlep_officer,
    )
    client.force_login(outsider)
    assert client.get(paper.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(paper.get_absolute_url()).status_code == 302


def test_a_new_item_is_numbered_after_the_standing_items(meeting):
    assert list(AgendaItem.objects.filter(meeting=meeting).values_list("position", flat=True)) == [1, 2, 3]


# A paper uploaded by mistake is taken back, by whoever may upload it, until the meeting starts.


@pytest.fixture
def delivery_plan(meeting, cpca_board_member, hlep_officer):
    item = meeting.agenda_items.first()
    item.presenter = cpca_board_member
    item.save()
    return services.upload_paper(item, title="Delivery plan", file=upload("plan.pdf", PDF), by=hlep_officer)


def remove_url(paper) -> str:
    return f"/meetings/papers/{paper.pk}/remove/"


def test_an_officer_removes_a_paper_after_confirming_and_its_file_is_deleted(
    officer_client, meeting, delivery_plan, hlep_officer, django_capture_on_commit_callbacks
):
    storage, name = delivery_plan.file.storage, delivery_plan.file.name
    page = officer_client.get(meeting.get_absolute_url()).content.decode()
    link = f'<a class="govuk-link" href="{remove_url(delivery_plan)}">Remove'
    assert link + '<span class="govuk-visually-hidden"> Delivery plan</span></a>' in page
    confirm = officer_client.get(remove_url(delivery_plan)).content.decode()
    assert "Are you sure you want to remove “Delivery plan”?" in confirm
    assert Paper.objects.filter(pk=delivery_plan.pk).exists() and storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(remove_url(delivery_plan))

    assert response.status_code == 302
    assert response.url == f"{meeting.get_absolute_url()}#agenda"
    assert not Paper.objects.filter(pk=delivery_plan.pk).exists()
    assert not storage.exists(name)
    page = officer_client.get(response.url).content.decode()
    assert "“Delivery plan” removed" in page
    assert remove_url(delivery_plan) not in page
    removal = Paper.history.get(id=delivery_plan.pk, history_type="-")
    assert (removal.title, removal.history_user) == ("Delivery plan", hlep_officer)


@pytest.mark.parametrize("role", ["admin_person", "cpca_officer", "cpca_board_member"])
def test_admins_officers_and_the_items_presenter_may_remove_its_paper(
    client, request, role, meeting, delivery_plan
):
    client.force_login(request.getfixturevalue(role))
    assert remove_url(delivery_plan) in client.get(meeting.get_absolute_url()).content.decode()
    assert client.get(remove_url(delivery_plan)).status_code == 200
    assert client.post(remove_url(delivery_plan)).status_code == 302
    assert not Paper.objects.filter(pk=delivery_plan.pk).exists()


def test_a_board_member_who_does_not_present_the_item_cannot_remove_its_paper(
    board_client, meeting, delivery_plan, hlep_board_member
):
    assert remove_url(delivery_plan) not in board_client.get(meeting.get_absolute_url()).content.decode()
    assert board_client.get(remove_url(delivery_plan)).status_code == 403
    assert board_client.post(remove_url(delivery_plan)).status_code == 403
    assert Paper.objects.filter(pk=delivery_plan.pk).exists()
    with pytest.raises(PermissionDenied):
        services.remove_paper(delivery_plan, by=hlep_board_member)


def test_another_partnership_does_not_find_the_paper(client, outsider, delivery_plan):
    client.force_login(outsider)
    assert client.get(remove_url(delivery_plan)).status_code == 404
    assert client.post(remove_url(delivery_plan)).status_code == 404
    assert Paper.objects.filter(pk=delivery_plan.pk).exists()


@pytest.mark.parametrize("started", [timedelta(hours=1), timedelta(days=30)])
def test_once_the_meeting_has_started_its_papers_are_the_record_and_stay(
    officer_client, meeting, delivery_plan, hlep_officer, started, django_capture_on_commit_callbacks
):
    held_at(meeting, timezone.now().replace(microsecond=0) - started)
    storage, name = delivery_plan.file.storage, delivery_plan.file.name
    assert remove_url(delivery_plan) not in officer_client.get(meeting.get_absolute_url()).content.decode()
    for response in (
        officer_client.get(remove_url(delivery_plan)),
        officer_client.post(remove_url(delivery_plan)),
    ):
        assert response.status_code == 403
        assert "The meeting has started" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.remove_paper(delivery_plan, by=hlep_officer)
    assert Paper.objects.filter(pk=delivery_plan.pk).exists() and storage.exists(name)


def test_an_agenda_item_removed_takes_its_papers_files_with_it(
    meeting, admin_person, hlep_officer, django_capture_on_commit_callbacks
):
    item = services.add_agenda_item(meeting, by=admin_person, title="Skills bootcamps bid")
    paper = services.upload_paper(item, title="Bid summary", file=upload("bid.pdf", PDF), by=hlep_officer)
    storage, name = paper.file.storage, paper.file.name

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_agenda_item(item, by=admin_person)

    assert not Paper.objects.filter(pk=paper.pk).exists()
    assert not storage.exists(name)
