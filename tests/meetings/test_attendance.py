"""Everyone invited answers; an admin records who attended; each board shows whether it was quorate."""

from meetings.models import Invitation
from partnership.models import Membership
from tests.factories import PersonFactory
from tests.meetings.factories import held_today


def test_a_board_member_answers_that_they_send_a_substitute(board_client, meeting, hlep_board_member):
    url = f"/meetings/{meeting.pk}/answer/"
    missing = board_client.post(url, {"response": "substitute", "substitute_name": ""})
    assert "Enter the name of the person attending in your place" in missing.content.decode()
    board_client.post(url, {"response": "substitute", "substitute_name": "Harun Begum"})
    invitation = meeting.invitations.get(person=hlep_board_member)
    assert (invitation.response, invitation.substitute_name) == ("substitute", "Harun Begum")
    assert invitation.responded_at is not None


def test_someone_not_invited_cannot_answer(officer_client, meeting, hlep_officer):
    response = officer_client.post(f"/meetings/{meeting.pk}/answer/", {"response": "attending"})
    assert response.status_code == 403
    assert not meeting.invitations.filter(person=hlep_officer).exists()


def test_a_board_member_who_joined_after_scheduling_can_answer(client, meeting, hlep):
    newcomer = PersonFactory(roles=[(hlep, Membership.Role.BOARD_MEMBER)])
    client.force_login(newcomer)
    client.post(f"/meetings/{meeting.pk}/answer/", {"response": "attending"})
    assert meeting.invitations.get(person=newcomer).response == Invitation.Response.ATTENDING


def test_each_board_is_quorate_only_with_enough_of_its_members_present(
    admin_client_, meeting, hlep, cpca, hlep_board_member, cpca_board_member
):
    hlep.board.quorum = 2
    hlep.board.save()
    cpca.board.quorum = 1
    cpca.board.save()
    second = PersonFactory(roles=[(hlep, Membership.Role.BOARD_MEMBER)])
    present = meeting.invitations.filter(person__in=[hlep_board_member, cpca_board_member])
    held_today(meeting)  # attendance is recorded from the meeting's day
    admin_client_.post(f"/meetings/{meeting.pk}/attendance/", {"attended": [i.pk for i in present]})
    quorate = {
        entry.board.organisation.short_name: entry.is_quorate for entry in meeting.attendance_by_board()
    }
    assert quorate == {"HLEP": False, "CPCA": True}
    assert meeting.invitations.get(person=second).attended is False
    page = admin_client_.get(meeting.get_absolute_url()).content.decode()
    assert "Not quorate" in page
    assert "Quorate</strong>" in page
