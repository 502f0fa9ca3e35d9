from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import CreateView, DetailView, UpdateView, View
from django_filters.views import FilterView

from partnership.filters import applied_filters
from partnership.history import history_entries
from partnership.once import OnceMixin
from partnership.permissions import OfficerRequiredMixin, PartnershipMixin
from partnership.writes import rows_of, values_of

from .export import csv_response, xlsx_response
from .filters import BidFilter, OpportunityFilter
from .forms import BidForm, MatchFundingFormSet, OpportunityForm, StageFormSet
from .models import Bid, BusinessCaseStage, FundingOpportunity, MatchFunding
from .selectors import pipeline_bids
from .services import create_bid, create_opportunity, update_bid, update_opportunity

DEADLINE_DAYS = 90


class PartnershipFilterMixin(PartnershipMixin):
    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "partnership": self.get_partnership()}


class PipelineView(PartnershipFilterMixin, FilterView):
    """The bids by stage and status, what each organisation requested, won and matched, and what closes soon."""

    template_name = "funding/pipeline.html"
    filterset_class = BidFilter
    context_object_name = "bids"
    paginate_by = 50

    def get_queryset(self):
        return pipeline_bids(self.get_partnership())

    def get_context_data(self, **kwargs):
        bids = self.object_list
        totals = list(bids.totals_by_organisation(self.get_partnership().parties.all()))
        deadlines = bids.in_progress().closing_within(DEADLINE_DAYS).order_by("opportunity__closes_on", "pk")
        return super().get_context_data(
            **stage_grid(bids.by_stage_and_status()),
            totals=totals,
            overall={
                name: sum((getattr(row, name) for row in totals), Decimal(0))
                for name in ("requested", "awarded", "matched")
            },
            success_rate=bids.success_rate(),
            deadlines=deadlines,
            deadline_days=DEADLINE_DAYS,
            today=timezone.localdate(),
            query=self.request.GET.urlencode(),
            **kwargs,
        )


class PipelineExportView(PartnershipMixin, View):
    """The filtered pipeline as CSV or Excel."""

    def get(self, request, format):
        filterset = BidFilter(
            request.GET, queryset=pipeline_bids(self.get_partnership()), partnership=self.get_partnership()
        )
        bids = filterset.qs if filterset.is_valid() else Bid.objects.none()
        filename = f"funding-bids-{timezone.localdate():%Y-%m-%d}"
        if format == "csv":
            return csv_response(bids, filename)
        return xlsx_response(
            bids,
            filename,
            partnership=self.get_partnership(),
            by=request.user,
            filters=applied_filters(filterset),
        )


class OpportunityListView(PartnershipFilterMixin, FilterView):
    template_name = "funding/opportunity_list.html"
    filterset_class = OpportunityFilter
    context_object_name = "opportunities"
    paginate_by = 50

    def get_queryset(self):
        return (
            FundingOpportunity.objects.for_partnership(self.get_partnership())
            .annotate(
                bid_count=Count("bids", distinct=True),
                working_count=Count("bids", filter=Q(bids__status__in=Bid.WORKING), distinct=True),
            )
            .prefetch_related("tags")
            .order_by("closes_on", "name", "pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), **kwargs)


class OpportunityDetailView(PartnershipMixin, DetailView):
    template_name = "funding/opportunity_detail.html"
    context_object_name = "opportunity"

    def get_queryset(self):
        return FundingOpportunity.objects.for_partnership(self.get_partnership()).prefetch_related(
            "tags",
            "commitments__agreement",
            Prefetch("bids", queryset=Bid.objects.select_related("lead_organisation").order_by("title")),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=history_entries(self.object), **kwargs)


class OpportunityFormMixin(PartnershipMixin, OfficerRequiredMixin):
    form_class = OpportunityForm
    template_name = "includes/form_page.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.get_partnership()}

    def form_valid(self, form):
        values = values_of(form)
        if self.object:
            opportunity = update_opportunity(self.object, by=self.request.user, **values)
        else:
            opportunity = create_opportunity(
                partnership=self.get_partnership(), by=self.request.user, **values
            )
        messages.success(self.request, "Funding opportunity saved.")
        return redirect(opportunity)


class OpportunityCreateView(OnceMixin, OpportunityFormMixin, CreateView):
    extra_context = {"page_title": "Record a funding opportunity", "caption": "Funding"}


class OpportunityUpdateView(OpportunityFormMixin, UpdateView):
    def get_queryset(self):
        return FundingOpportunity.objects.for_partnership(self.get_partnership())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=f"Change {self.object.name}",
            caption="Funding opportunity",
            cancel_url=self.object.get_absolute_url(),
            **kwargs,
        )


class BidDetailView(PartnershipMixin, DetailView):
    template_name = "funding/bid_detail.html"
    context_object_name = "bid"

    def get_queryset(self):
        return (
            Bid.objects.for_partnership(self.get_partnership())
            .select_related("opportunity", "lead_organisation")
            .prefetch_related(
                "partners",
                "projects",
                "proposals",
                "commitments__agreement",
                Prefetch("match_funding", queryset=MatchFunding.objects.select_related("organisation")),
                Prefetch(
                    "business_case_stages",
                    queryset=BusinessCaseStage.objects.select_related("decision").order_by("stage"),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        bid = self.object
        return super().get_context_data(
            can_edit=bid.can_edit(self.request.user),
            lead_officers=bid.lead_officers,
            matched=sum((m.amount for m in bid.match_funding.all()), Decimal(0)),
            history=history_entries(bid),
            **kwargs,
        )


class BidFormMixin(PartnershipMixin):
    """The bid, its match funding and its business case stages on one page, saved together."""

    model = Bid
    form_class = BidForm
    template_name = "funding/bid_form.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "partnership": self.get_partnership(),
            "person": self.request.user,
        }

    def formsets(self, *, posted: bool = True):
        kwargs = {"instance": self.object or Bid(), "partnership": self.get_partnership()}
        if posted and self.request.method == "POST":
            kwargs["data"] = self.request.POST
        return MatchFundingFormSet(prefix="match", **kwargs), StageFormSet(prefix="stages", **kwargs)

    def get_context_data(self, **kwargs):
        match_funding, stages = kwargs.pop("formsets", None) or self.formsets()
        form = kwargs.get("form") or self.get_form()
        errors = []
        for name, messages_ in form.errors.items():
            field_id = (
                form[name].auto_id if name in form.fields else form[form.visible_fields()[0].name].auto_id
            )
            errors += [(field_id, message) for message in messages_]
        errors += match_funding.errors_for_summary() + stages.errors_for_summary()
        return super().get_context_data(
            match_funding=match_funding, stages=stages, error_list=errors, **kwargs
        )

    def post(self, request, *args, **kwargs):
        self.object = self.get_object() if self.kwargs.get("pk") else None
        form = self.get_form()
        match_funding, stages = self.formsets()
        # Validate every part, so the summary lists every problem at once.
        valid = [form.is_valid(), match_funding.is_valid(), stages.is_valid()]
        if not all(valid):
            return self.render_to_response(self.get_context_data(form=form, formsets=(match_funding, stages)))
        rows = {"match_funding": rows_of(match_funding), "stages": rows_of(stages)}
        try:
            if self.object:
                bid = update_bid(self.object, by=request.user, **rows, **values_of(form))
            else:
                bid = create_bid(by=request.user, **rows, **values_of(form))
        except ValidationError as changed:
            # Rows another person removed meanwhile: the page shows the bid's rows as they are now.
            match_funding, stages = self.formsets(posted=False)
            for sent_as, formset in (("match_funding", match_funding), ("stages", stages)):
                formset.non_form_errors().extend(changed.message_dict.get(sent_as, []))
            return self.render_to_response(self.get_context_data(form=form, formsets=(match_funding, stages)))
        messages.success(request, "Bid saved.")
        return redirect(bid)


class BidCreateView(OnceMixin, BidFormMixin, OfficerRequiredMixin, CreateView):
    extra_context = {"page_title": "Start a bid"}

    def get_initial(self):
        opportunity = self.request.GET.get("opportunity", "")
        return {"opportunity": opportunity} if opportunity.isdigit() else {}


class BidUpdateView(BidFormMixin, UpdateView):
    def get_object(self, queryset=None):
        bid = get_object_or_404(
            Bid.objects.for_partnership(self.get_partnership()).prefetch_related("partners"),
            pk=self.kwargs["pk"],
        )
        if not bid.can_edit(self.request.user):
            raise PermissionDenied(
                "Only officers of the lead applicant or a partner organisation edit a bid."
            )
        return bid

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=f"Change {self.object.title}", cancel_url=self.object.get_absolute_url(), **kwargs
        )


def stage_grid(matrix: list[dict]) -> dict:
    """The stage x status grid without the rows and columns that hold no bid: it reads as what is
    there, not a field of zeros."""
    used = {cell["status"] for row in matrix for cell in row["cells"] if cell["count"]}
    return {
        "matrix": [
            {**row, "cells": [cell for cell in row["cells"] if cell["status"] in used]}
            for row in matrix
            if any(cell["count"] for cell in row["cells"])
        ],
        "statuses": [(value, label) for value, label in Bid.Status.choices if value in used],
    }
