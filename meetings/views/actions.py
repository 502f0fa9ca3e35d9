from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView, ListView

from partnership.once import OnceMixin
from partnership.permissions import OfficerRequiredMixin, PartnershipMixin

from ..filters import ActionFilter
from ..forms import ActionForm
from ..models import Action
from .base import FormPageMixin, MeetingFormPageMixin


class ActionLogView(PartnershipMixin, ListView):
    """Every meeting's actions in one log, filtered by owner, organisation, status and lateness."""

    template_name = "meetings/action_log.html"
    context_object_name = "actions"
    paginate_by = 50

    def get_queryset(self):
        actions = Action.objects.filter(meeting__partnership=self.get_partnership()).select_related(
            "owner", "owner_organisation", "meeting", "agenda_item"
        )
        self.filterset = ActionFilter(
            self.request.GET or None, queryset=actions, partnership=self.get_partnership()
        )
        return self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else actions

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


class ActionCreateView(OnceMixin, OfficerRequiredMixin, MeetingFormPageMixin, FormView):
    form_class = ActionForm
    page_title = "Add an action"

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "meeting": self.get_meeting()}
        if "item" in self.request.GET:
            kwargs["initial"] = {"agenda_item": self.request.GET["item"]}
        return kwargs

    def form_valid(self, form):
        form.instance.meeting = self.get_meeting()
        form.save()
        messages.success(self.request, "Action added to the log.")
        return redirect(self.get_meeting().get_absolute_url() + "#actions")


class ActionUpdateView(PartnershipMixin, FormPageMixin, FormView):
    form_class = ActionForm
    page_title = "Update the action"

    def get_action(self) -> Action:
        if not hasattr(self, "_action"):
            self._action = get_object_or_404(
                Action.objects.select_related("meeting__partnership"),
                meeting__partnership=self.get_partnership(),
                pk=self.kwargs["pk"],
            )
            if not self._action.may_edit(self.request.user):
                raise PermissionDenied(
                    "Only its owner, their organisation's officers and admins update an action."
                )
        return self._action

    def get_form_kwargs(self):
        action = self.get_action()
        return {**super().get_form_kwargs(), "meeting": action.meeting, "instance": action}

    def get_context_data(self, **kwargs):
        self.caption = str(self.get_action().meeting)
        return super().get_context_data(**kwargs)

    def get_cancel_url(self):
        return "/meetings/actions/"

    def form_valid(self, form):
        form.save()
        messages.success(self.request, "Action saved.")
        return redirect("meetings:action-log")
