"""The partnership, its parties and their boards."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView

from ..forms import BoardForm, OrganisationForm
from ..history import history_entries
from ..models import Board, Membership, Organisation
from ..once import OnceMixin
from ..permissions import PartnershipAdminRequiredMixin, PartnershipMixin
from ..services import add_party
from ..writes import values_of


class PartnershipOverviewView(PartnershipMixin, TemplateView):
    template_name = "partnership/overview.html"

    def get_context_data(self, **kwargs):
        partnership = self.get_partnership()
        parties = partnership.parties.select_related("board__secretary").prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(role=Membership.Role.BOARD_MEMBER, person__is_active=True)
                .select_related("person")
                .order_by("person__last_name"),
                to_attr="board_memberships",
            )
        )
        return super().get_context_data(
            partnership=partnership,
            parties=parties,
            agreement=partnership.current_agreement,
            history=history_entries(partnership),
            **kwargs,
        )


class OrganisationDetailView(PartnershipMixin, DetailView):
    template_name = "partnership/organisation_detail.html"

    def get_queryset(self):
        return self.visible_organisations().select_related("board__secretary")

    def get_context_data(self, **kwargs):
        organisation = self.object
        board = getattr(organisation, "board", None)
        memberships = organisation.memberships.filter(person__is_active=True).select_related("person")
        return super().get_context_data(
            board=board,
            memberships=memberships.order_by("role", "person__last_name"),
            history=history_entries(organisation),
            board_history=history_entries(board) if board else [],
            **kwargs,
        )


class OrganisationCreateView(OnceMixin, PartnershipMixin, PartnershipAdminRequiredMixin, CreateView):
    model = Organisation
    form_class = OrganisationForm
    template_name = "includes/form_page.html"
    extra_context = {"page_title": "Add a party to the partnership"}

    def form_valid(self, form):
        organisation = add_party(self.get_partnership(), by=self.request.user, **values_of(form))
        messages.success(self.request, f"{organisation.name} is now a party to the partnership.")
        return redirect(organisation)


class OrganisationUpdateView(OnceMixin, PartnershipMixin, PartnershipAdminRequiredMixin, UpdateView):
    form_class = OrganisationForm
    template_name = "includes/form_page.html"

    def get_queryset(self):
        return self.visible_organisations()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=f"Change {self.object.name}", cancel_url=self.object.get_absolute_url(), **kwargs
        )

    def form_valid(self, form):
        messages.success(self.request, "Organisation saved.")
        return super().form_valid(form)


class BoardUpdateView(OnceMixin, PartnershipMixin, PartnershipAdminRequiredMixin, UpdateView):
    form_class = BoardForm
    template_name = "includes/form_page.html"

    def get_object(self, queryset=None):
        organisation = get_object_or_404(self.visible_organisations(), pk=self.kwargs["pk"])
        return get_object_or_404(Board, organisation=organisation)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=f"Change the {self.object.name}", cancel_url=self.object.get_absolute_url(), **kwargs
        )

    def form_valid(self, form):
        messages.success(self.request, "Board saved.")
        return super().form_valid(form)
