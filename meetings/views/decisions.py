from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, FormView, ListView

from partnership.history import history_entries
from partnership.once import OnceMixin
from partnership.permissions import OfficerRequiredMixin, PartnershipMixin
from partnership.writes import values_of

from .. import services
from ..forms import DecisionForm, ProposalForm
from ..models import Decision, Proposal
from ..selectors import party_boards, proposals_of
from .base import FormPageMixin


class ProposalListView(PartnershipMixin, ListView):
    """Every proposal and each board's decision on it (clause 3.1)."""

    template_name = "meetings/decisions.html"
    context_object_name = "proposals"
    paginate_by = 50

    def get_queryset(self):
        proposals = proposals_of(self.get_partnership())
        status = self.request.GET.get("status")
        if status in Proposal.Status.values:
            proposals = proposals.filter(annotated_status=status)
        return proposals

    def get_context_data(self, **kwargs):
        boards = list(party_boards(self.get_partnership()))
        context = super().get_context_data(boards=boards, statuses=Proposal.Status.choices, **kwargs)
        context["rows"] = [
            (
                proposal,
                [next((d for d in proposal.decisions.all() if d.board_id == b.pk), None) for b in boards],
            )
            for proposal in context["proposals"]
        ]
        return context


class ProposalCreateView(OnceMixin, PartnershipMixin, OfficerRequiredMixin, FormPageMixin, FormView):
    form_class = ProposalForm
    page_title = "Add a proposal"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.get_partnership()}

    def get_cancel_url(self):
        return "/meetings/decisions/"

    def form_valid(self, form):
        proposal = services.add_proposal(
            partnership=self.get_partnership(), by=self.request.user, **values_of(form)
        )
        messages.success(self.request, "Proposal added. Each board’s secretary can now record its decision.")
        return redirect(proposal)


class ProposalDetailView(PartnershipMixin, DetailView):
    template_name = "meetings/proposal_detail.html"
    context_object_name = "proposal"

    def get_queryset(self):
        return proposals_of(self.get_partnership())

    def get_context_data(self, **kwargs):
        proposal, user = self.object, self.request.user
        decisions = {d.board_id: d for d in proposal.decisions.all()}
        boards = [
            (board, decisions.get(board.pk), user.can_record_decision_for(board))
            for board in party_boards(self.get_partnership())
        ]
        return super().get_context_data(boards=boards, history=history_entries(proposal), **kwargs)


class DecisionRecordView(PartnershipMixin, FormPageMixin, FormView):
    """A board's secretary (or an admin of its own organisation) records that board's decision."""

    form_class = DecisionForm
    page_title = "Record a board’s decision"

    def get_proposal(self) -> Proposal:
        if not hasattr(self, "_proposal"):
            self._proposal = get_object_or_404(
                Proposal, partnership=self.get_partnership(), pk=self.kwargs["pk"]
            )
        return self._proposal

    def recordable_boards(self) -> list:
        if not hasattr(self, "_recordable"):
            boards = party_boards(self.get_partnership())
            self._recordable = [b for b in boards if self.request.user.can_record_decision_for(b)]
        return self._recordable

    def get_form(self, form_class=None):
        if not self.recordable_boards():
            raise PermissionDenied(
                "Only a board's secretary or a partnership admin of its organisation records its decision."
            )
        return super().get_form(form_class)

    def get_form_kwargs(self):
        kwargs = {
            **super().get_form_kwargs(),
            "proposal": self.get_proposal(),
            "boards": party_boards(self.get_partnership()),
            "recordable": self.recordable_boards(),
        }
        board = self.request.GET.get("board", "")
        # Only the decision of a board this person records for is loaded into the form.
        if self.request.method == "GET" and board in {str(b.pk) for b in self.recordable_boards()}:
            existing = Decision.objects.filter(proposal=self.get_proposal(), board_id=int(board)).first()
            kwargs["instance"] = existing
            kwargs["initial"] = {"board": int(board)}
        return kwargs

    def get_context_data(self, **kwargs):
        self.caption = self.get_proposal().title
        return super().get_context_data(**kwargs)

    def get_cancel_url(self):
        return self.get_proposal().get_absolute_url()

    def form_valid(self, form):
        board = form.cleaned_data["board"]
        # services.record_decision refuses anyone who may not record for this board (403).
        services.record_decision(
            self.get_proposal(),
            board=board,
            outcome=form.cleaned_data["outcome"],
            decided_on=form.cleaned_data["decided_on"],
            reference=form.cleaned_data["reference"],
            note=form.cleaned_data["note"],
            by=self.request.user,
        )
        messages.success(self.request, f"The {board}’s decision is recorded.")
        return redirect(self.get_proposal())
