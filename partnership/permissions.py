"""Who may see and do what. Roles decide the action; organisation decides the record.

- Everyone with a membership of a party reads everything of their partnership.
- Officers create and edit records their organisation leads or partners in.
- Partnership admins manage schedules, people and settings.
"""

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin


class MemberRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Signed in and belonging to a party of a partnership; anyone else gets 403."""

    def test_func(self):
        return self.request.user.is_partnership_member


class PartnershipAdminRequiredMixin(MemberRequiredMixin):
    def test_func(self):
        return self.request.user.is_partnership_admin


class OfficerRequiredMixin(MemberRequiredMixin):
    """Officers (and admins) of any party may create records; which ones they edit is per object."""

    def test_func(self):
        user = self.request.user
        return user.is_partnership_admin or user.is_officer
