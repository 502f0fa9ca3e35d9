"""The agreement, version by version, and each clause with the records that serve it."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from ..history import history_entries
from ..models import Clause
from ..permissions import PartnershipMixin
from ..serving import records_serving


class AgreementView(PartnershipMixin, DetailView):
    template_name = "partnership/agreement.html"
    context_object_name = "agreement"

    def get_object(self, queryset=None):
        agreements = self.get_partnership().agreements.all()
        if "version" in self.kwargs:
            return get_object_or_404(agreements, version=self.kwargs["version"])
        agreement = agreements.order_by("-version").first()
        if agreement is None:
            raise Http404("No agreement has been imported yet.")
        return agreement

    def get_context_data(self, **kwargs):
        agreement = self.object
        return super().get_context_data(
            clauses=agreement.clauses.select_related("agreement"),
            signatures=agreement.signatures.select_related("organisation"),
            versions=agreement.partnership.agreements.order_by("-version"),
            history=history_entries(agreement),
            **kwargs,
        )


class ClauseDetailView(PartnershipMixin, DetailView):
    template_name = "partnership/clause_detail.html"
    context_object_name = "clause"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Clause.objects.select_related("agreement", "parent__agreement"),
            agreement__partnership=self.get_partnership(),
            agreement__version=self.kwargs["version"],
            number=self.kwargs["number"],
        )

    def get_context_data(self, **kwargs):
        clause = self.object
        return super().get_context_data(
            children=clause.children.select_related("agreement"),
            is_current=clause.agreement == clause.agreement.partnership.current_agreement,
            linked=records_serving(clause) if clause.kind != Clause.Category.GENERAL else [],
            history=history_entries(clause),
            **kwargs,
        )
