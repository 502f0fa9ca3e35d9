"""A meeting's agenda: its items, their order, and the papers for each. Until the meeting starts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import FormView, TemplateView

from partnership.once import OnceMixin
from partnership.permissions import PartnershipAdminRequiredMixin, PartnershipMixin
from partnership.templatetags.accord import when
from partnership.writes import values_of

from .. import services
from ..forms import (
    AgendaItemForm,
    PaperUploadForm,
)
from ..models import AgendaItem, Paper
from .base import BeforeItStartsMixin, FormPageMixin, MeetingMixin


class AgendaItemCreateView(
    OnceMixin, MeetingMixin, PartnershipAdminRequiredMixin, BeforeItStartsMixin, FormPageMixin, FormView
):
    form_class = AgendaItemForm
    page_title = "Add an agenda item"
    refused_because = services.AGENDA_REFUSED

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.get_partnership()}

    def get_cancel_url(self):
        return self.get_meeting().get_absolute_url()

    def form_valid(self, form):
        meeting = self.get_meeting()
        services.add_agenda_item(meeting, by=self.request.user, **form.cleaned_data)
        messages.success(self.request, "Agenda item added.")
        return redirect(meeting)


class AgendaItemMixin(PartnershipMixin):
    def get_item(self) -> AgendaItem:
        if not hasattr(self, "_item"):
            self._item = get_object_or_404(
                AgendaItem.objects.select_related("meeting__partnership", "presenter"),
                meeting__partnership=self.get_partnership(),
                pk=self.kwargs["pk"],
            )
        return self._item

    def meeting_to_change(self):
        return self.get_item().meeting


class AgendaItemUpdateView(
    AgendaItemMixin, PartnershipAdminRequiredMixin, BeforeItStartsMixin, FormPageMixin, FormView
):
    form_class = AgendaItemForm
    page_title = "Change the agenda item"
    refused_because = services.AGENDA_REFUSED

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "partnership": self.get_partnership(),
            "instance": self.get_item(),
        }

    def get_cancel_url(self):
        return self.get_item().get_absolute_url()

    def form_valid(self, form):
        item = services.change_agenda_item(self.get_item(), by=self.request.user, **values_of(form))
        messages.success(self.request, "Agenda item saved.")
        return redirect(item.get_absolute_url())


class AgendaItemMoveView(AgendaItemMixin, PartnershipAdminRequiredMixin, BeforeItStartsMixin, View):
    """Move an item up or down. A plain form post redirects back; the page's script asks for JSON."""

    refused_because = services.AGENDA_REFUSED

    def post(self, request, pk):
        item = self.get_item()  # another partnership's item is not found, whatever was posted
        direction = request.POST.get("direction")
        if direction not in ("up", "down"):
            return JsonResponse({"error": "direction must be up or down"}, status=400)
        items = services.move_agenda_item(item, direction=direction)
        if "application/json" in request.headers.get("Accept", ""):
            return JsonResponse({"order": [item.pk for item in items]})
        return redirect(item.get_absolute_url())


class AgendaItemRemoveView(AgendaItemMixin, PartnershipAdminRequiredMixin, BeforeItStartsMixin, TemplateView):
    """Are you sure? GET asks; POST removes the item and its papers."""

    template_name = "meetings/confirm.html"
    refused_because = services.AGENDA_REFUSED

    def get_context_data(self, **kwargs):
        item = self.get_item()
        return super().get_context_data(
            caption=str(item.meeting),
            page_title=f"Are you sure you want to remove “{item.title}” from the agenda?",
            consequence="Its papers are removed with it. This cannot be undone.",
            confirm_label="Yes, remove the item",
            cancel_url=item.get_absolute_url(),
            **kwargs,
        )

    def post(self, request, pk):
        item = self.get_item()
        try:
            services.remove_agenda_item(item, by=request.user)
        except ValidationError as refused:
            return self.render_to_response(self.get_context_data(error=refused.messages[0]), status=400)
        messages.success(request, f"“{item.title}” removed from the agenda.")
        return redirect(item.meeting.get_absolute_url() + "#agenda")


class PaperUploadView(OnceMixin, AgendaItemMixin, FormPageMixin, FormView):
    form_class = PaperUploadForm
    page_title = "Upload a paper"

    def get_form(self, form_class=None):
        item = self.get_item()
        if not item.may_add_papers(self.request.user):
            raise PermissionDenied("Only admins, officers and the item's presenter upload its papers.")
        return super().get_form(form_class)

    def get_context_data(self, **kwargs):
        item = self.get_item()
        self.caption = f"{item.meeting} — {item.title}"
        context = super().get_context_data(**kwargs)
        context["intro"] = f"Papers are due by {when(item.meeting.papers_deadline)}." + (
            " The deadline has passed: this paper will be marked late."
            if item.meeting.papers_are_late
            else ""
        )
        return context

    def get_cancel_url(self):
        return self.get_item().get_absolute_url()

    def form_valid(self, form):
        item = self.get_item()
        paper = services.upload_paper(
            item, title=form.cleaned_data["title"], file=form.cleaned_data["file"], by=self.request.user
        )
        late = " It arrived after the deadline, so it is marked late." if paper.is_late else ""
        messages.success(self.request, f"Paper uploaded.{late}")
        return redirect(item.get_absolute_url())


class PaperRemoveView(PartnershipMixin, BeforeItStartsMixin, TemplateView):
    """A paper uploaded by mistake, taken back by those who may upload the item's papers, until the
    meeting starts. Are you sure? GET asks; POST removes it and its file."""

    template_name = "meetings/confirm.html"
    refused_because = services.PAPERS_REFUSED

    def get_paper(self) -> Paper:
        if not hasattr(self, "_paper"):
            paper = get_object_or_404(
                Paper.objects.select_related("agenda_item__meeting"),
                agenda_item__meeting__partnership=self.get_partnership(),
                pk=self.kwargs["pk"],
            )
            if not paper.agenda_item.may_add_papers(self.request.user):
                raise PermissionDenied("Only admins, officers and the item's presenter remove its papers.")
            self._paper = paper
        return self._paper

    def meeting_to_change(self):
        return self.get_paper().agenda_item.meeting

    def get_context_data(self, **kwargs):
        paper = self.get_paper()
        item = paper.agenda_item
        return super().get_context_data(
            caption=f"{item.meeting} — {item.title}",
            page_title=f"Are you sure you want to remove “{paper.title}”?",
            consequence="Its file is deleted and it leaves the agenda. This cannot be undone.",
            confirm_label="Yes, remove the paper",
            cancel_url=item.get_absolute_url(),
            **kwargs,
        )

    def post(self, request, pk):
        paper = self.get_paper()
        try:
            services.remove_paper(paper, by=request.user)
        except ValidationError as refused:
            return self.render_to_response(self.get_context_data(error=refused.messages[0]), status=400)
        messages.success(request, f"“{paper.title}” removed.")
        return redirect(paper.agenda_item.meeting.get_absolute_url() + "#agenda")


class PaperDownloadView(PartnershipMixin, View):
    """Papers are only for the partnership's members, so they never sit at a public URL."""

    def get(self, request, pk):
        paper = get_object_or_404(Paper, agenda_item__meeting__partnership=self.get_partnership(), pk=pk)
        try:
            handle = paper.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404("The paper's file is missing.") from missing
        return FileResponse(
            handle, as_attachment=True, filename=paper.original_name, content_type=paper.content_type
        )
