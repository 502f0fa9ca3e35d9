"""2.3.7: the register of data and evidence the parties share."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView

from ..filters import EvidenceFilter
from ..forms import EvidenceForm
from ..history import history_entries
from ..models import Evidence
from ..once import OnceMixin
from ..permissions import OfficerRequiredMixin, PartnershipMixin
from ..services import add_evidence, change_evidence
from ..uploads import serve_document
from ..writes import values_of


class EvidenceMixin(PartnershipMixin):
    def get_queryset(self):
        return Evidence.objects.filter(partnership=self.get_partnership()).select_related("owner")


class EvidenceListView(EvidenceMixin, FilterView):
    filterset_class = EvidenceFilter
    template_name = "partnership/evidence_list.html"
    paginate_by = 25
    context_object_name = "evidence"

    def get_filterset_kwargs(self, filterset_class):
        self.request.partnership = self.get_partnership()
        return super().get_filterset_kwargs(filterset_class)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("commitments__agreement")


class EvidenceDetailView(EvidenceMixin, DetailView):
    template_name = "partnership/evidence_detail.html"
    context_object_name = "evidence"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            commitments=self.object.commitments.select_related("agreement"),
            can_edit=self.object.can_edit(self.request.user),
            history=history_entries(self.object),
            **kwargs,
        )


class EvidenceFormMixin(EvidenceMixin):
    form_class = EvidenceForm
    template_name = "includes/form_page.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "partnership": self.get_partnership(),
            "person": self.request.user,
        }


class EvidenceCreateView(OnceMixin, EvidenceFormMixin, OfficerRequiredMixin, CreateView):
    extra_context = {
        "page_title": "Add shared data or evidence",
        "intro": "Clause 2.3.7: the parties share information, data and evidence with one another.",
    }

    def form_valid(self, form):
        evidence = add_evidence(partnership=self.get_partnership(), by=self.request.user, **values_of(form))
        messages.success(self.request, f"{evidence} added to the register.")
        return redirect(evidence)


class EvidenceUpdateView(EvidenceFormMixin, UpdateView):
    def get_object(self, queryset=None):
        evidence = super().get_object(queryset)
        if not evidence.can_edit(self.request.user):
            raise PermissionDenied("Only officers of the owner organisation may change it.")
        return evidence

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=f"Change {self.object}", cancel_url=self.object.get_absolute_url(), **kwargs
        )

    def form_valid(self, form):
        change_evidence(self.object, by=self.request.user, **values_of(form))
        messages.success(self.request, "Saved.")
        return redirect(self.object)


class EvidenceFileView(EvidenceMixin, View):
    def get(self, request, pk):
        evidence = get_object_or_404(self.get_queryset(), pk=pk)
        return serve_document(evidence.file, evidence.file_name)
