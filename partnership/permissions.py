"""Who may see and do what. Roles decide the action; organisation decides the record.

- Everyone with a membership of a party reads everything of their partnership.
- Officers create and edit records their organisation leads or partners in.
- Partnership admins manage schedules, people and settings.
"""

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.http import Http404

from .models import Partnership


def current_partnership(request) -> Partnership | None:
    """The signed-in person's partnership, looked up once per request: the view and the header's
    party names both need it."""
    if not hasattr(request, "_partnership"):
        request._partnership = Partnership.objects.for_person(request.user).first()
    return request._partnership


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
        return self.request.user.can_create_records


class PartnershipMixin(MemberRequiredMixin):
    """The partnership the signed-in person belongs to; records outside it are not found."""

    def get_partnership(self) -> Partnership:
        partnership = current_partnership(self.request)
        if partnership is None:
            raise Http404("You are not part of a partnership yet.")
        return partnership

    def visible_organisations(self):
        return self.get_partnership().parties.all()
