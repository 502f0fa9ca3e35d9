"""The agreement, version by version, and each clause with the records that serve it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.views.generic import DetailView, FormView, TemplateView, UpdateView

from ..comparison import compare_versions, preview_amendment
from ..forms import AmendmentConfirmForm, AmendmentForm, ClauseShortTitleForm, ReviewDateForm, SignatureForm
from ..history import history_entries
from ..models import Agreement, Clause, Membership, Signature
from ..permissions import PartnershipAdminRequiredMixin, PartnershipMixin
from ..services import amend_agreement, carry_short_titles, record_signature, rename_clause, set_review_date
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
            # 3.1: each party's own admins record its signature, on a version not yet replaced.
            signs_for=set()
            if agreement.status == Agreement.Status.SUPERSEDED
            else {
                organisation_id
                for organisation_id, roles in self.request.user.roles_by_organisation.items()
                if Membership.Role.PARTNERSHIP_ADMIN in roles
            },
            today=timezone.localdate(),
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


class ClauseShortTitleView(PartnershipMixin, PartnershipAdminRequiredMixin, FormView):
    """An admin of the partnership changes the short title a clause is known by; others get 403,
    and a clause of another partnership is not found."""

    form_class = ClauseShortTitleForm
    template_name = "includes/form_page.html"

    def get_clause(self) -> Clause:
        if not hasattr(self, "clause"):
            self.clause = get_object_or_404(
                Clause.objects.select_related("agreement"),
                agreement__partnership=self.get_partnership(),
                agreement__version=self.kwargs["version"],
                number=self.kwargs["number"],
            )
        return self.clause

    def get_initial(self):
        return {"heading": self.get_clause().heading}

    def get_context_data(self, **kwargs):
        clause = self.get_clause()
        return super().get_context_data(
            page_title=f"Change the short title of clause {clause.number}",
            caption=f"Clause {clause.number}, version {clause.agreement.version}",
            intro=f"The short title is how lists, filters and history name the clause. The clause "
            f"itself reads: “{clause.text}”",
            cancel_url=clause.get_absolute_url(),
            **kwargs,
        )

    def form_valid(self, form):
        clause = self.get_clause()
        try:
            rename_clause(clause, heading=form.cleaned_data["heading"], by=self.request.user)
        except ValidationError as refused:
            form.add_error(None, refused)  # said beside the short title
            return self.form_invalid(form)
        messages.success(self.request, f"Short title saved: clause {clause}.")
        return redirect(clause)


class SignatureUpdateView(PartnershipMixin, UpdateView):
    """3.1: an admin of a party records who signed for it, when, and which board decision approved
    it. Another party's people may not (403); a replaced version is not signed."""

    form_class = SignatureForm
    template_name = "includes/form_page.html"

    def get_object(self, queryset=None):
        signature = get_object_or_404(
            Signature.objects.select_related("agreement__partnership", "organisation"),
            agreement__partnership=self.get_partnership(),
            agreement__version=self.kwargs["version"],
            organisation_id=self.kwargs["organisation"],
        )
        if not self.request.user.has_role(Membership.Role.PARTNERSHIP_ADMIN, {signature.organisation_id}):
            raise PermissionDenied(f"Only an admin of {signature.organisation} records its signature.")
        return signature

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_partnership_member:
            signature = self.get_object()
            if signature.agreement.status == Agreement.Status.SUPERSEDED:
                messages.error(
                    request,
                    f"Version {signature.agreement.version} has been replaced by a later version, so it "
                    "is not signed. Sign the current version.",
                )
                return redirect(signature.agreement)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        signature = self.object
        return super().get_context_data(
            page_title=f"Record {signature.organisation.short_name}’s signature",
            caption=f"{signature.agreement.title}, version {signature.agreement.version}",
            intro=f"Who signed the agreement on behalf of {signature.organisation.name}, when, and the "
            "board decision that approved it. Everyone in the partnership sees it.",
            cancel_url=signature.agreement.get_absolute_url(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            record_signature(self.object, **form.cleaned_data, by=self.request.user)
        except ValidationError as refused:
            form.add_error(None, refused)
            return self.form_invalid(form)
        agreement = self.object.agreement
        if agreement.status == Agreement.Status.SIGNED:
            messages.success(
                self.request, "Signature recorded. Every party has signed: the agreement is signed."
            )
        else:
            messages.success(self.request, f"{self.object.organisation.short_name}’s signature recorded.")
        return redirect(agreement)


class ReviewDateView(PartnershipMixin, PartnershipAdminRequiredMixin, UpdateView):
    form_class = ReviewDateForm
    template_name = "includes/form_page.html"

    def get_object(self, queryset=None):
        agreement = self.get_partnership().current_agreement
        if agreement is None:
            raise Http404("No agreement has been imported yet.")
        return agreement

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title="When will the agreement be reviewed?",
            caption=f"{self.object.title}, version {self.object.version}",
            intro="The date by which the parties review the agreement itself (3.5). The dashboard shows "
            "it, and says when it is overdue.",
            cancel_url=self.object.get_absolute_url(),
            **kwargs,
        )

    def form_valid(self, form):
        set_review_date(self.object, review_on=form.cleaned_data["review_on"], by=self.request.user)
        messages.success(self.request, "Review date saved.")
        return redirect(self.object)


class AmendView(PartnershipMixin, PartnershipAdminRequiredMixin, TemplateView):
    """A partnership admin uploads the new text; Accord compares it with the current version, and
    only once the admin confirms does it become the next version."""

    template_name = "partnership/agreement_amend.html"

    def get_agreement(self) -> Agreement:
        agreement = self.get_partnership().current_agreement
        if agreement is None:
            raise Http404("No agreement has been imported yet.")
        return agreement

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self.get_context_data(form=AmendmentForm(partnership=self.get_partnership()))
        )

    def post(self, request, *args, **kwargs):
        partnership = self.get_partnership()
        if "text" in request.POST:
            return self.confirm(partnership)
        form = AmendmentForm(request.POST, request.FILES, partnership=partnership)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        return self.preview(form.parsed, form.raw)

    def preview(self, parsed, raw: bytes):
        current = self.get_agreement()
        carry_short_titles(parsed, current)
        return render(
            self.request,
            "partnership/agreement_amend_preview.html",
            {
                "current": current,
                "next_version": current.version + 1,
                "comparison": preview_amendment(current, parsed.title, parsed.clauses),
                "confirm_form": AmendmentConfirmForm(
                    initial={"text": AmendmentConfirmForm.carry(raw)}, partnership=current.partnership
                ),
            },
        )

    def confirm(self, partnership):
        form = AmendmentConfirmForm(self.request.POST, partnership=partnership)
        if form.is_valid():
            try:
                result = amend_agreement(partnership, form.parsed, by=self.request.user)
            except ValidationError as refused:
                form.add_error("text", refused)
            else:
                agreement = result.agreement
                messages.success(
                    self.request,
                    f"Version {agreement.version} is now the agreement; "
                    f"{result.moved} link{pluralize(result.moved)} of records moved to its clauses.",
                )
                return redirect(
                    "partnership:agreement-compare", older=agreement.version - 1, newer=agreement.version
                )
        # Sent twice, or changed on the way: nothing is saved; the admin starts again from the upload.
        for error in form.errors.get("text", []):
            messages.error(self.request, f"Nothing was saved: {error[:1].lower()}{error[1:]}.")
        return redirect("partnership:agreement-amend")

    def get_context_data(self, **kwargs):
        return super().get_context_data(agreement=self.get_agreement(), **kwargs)


class CompareView(PartnershipMixin, TemplateView):
    """Two versions side by side: clauses added, removed and changed word by word, and the records
    whose clauses moved or were left behind."""

    template_name = "partnership/agreement_compare.html"

    def get_context_data(self, **kwargs):
        agreements = self.get_partnership().agreements.all()
        older = get_object_or_404(agreements, version=kwargs.pop("older"))
        newer = get_object_or_404(agreements, version=kwargs.pop("newer"))
        return super().get_context_data(
            older=older,
            newer=newer,
            comparison=compare_versions(older, newer),
            old_label=f"Version {older.version}",
            new_label=f"Version {newer.version}",
            carried_intro=f"These records serve a clause both versions have; they are linked to version "
            f"{newer.version}’s clause.",
            **kwargs,
        )
