"""Who may see and do what. Roles decide the action; organisation decides the record.

- Everyone with a membership of a party reads everything of their partnership.
- Officers create and edit records their organisation leads or partners in.
- Partnership admins manage schedules, people and settings.
"""

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.http import Http404

from .models import Partnership


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


class PartnershipMixin(MemberRequiredMixin):
    """The partnership the signed-in person belongs to; records outside it are not found."""

    def get_partnership(self) -> Partnership:
        if not hasattr(self, "_partnership"):
            self._partnership = Partnership.objects.for_person(self.request.user).first()
            if self._partnership is None:
                raise Http404("You are not part of a partnership yet.")
        return self._partnership

    def visible_organisations(self):
        return self.get_partnership().parties.all()
