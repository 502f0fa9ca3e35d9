from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection, transaction
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView
from kombu import Connection

from config.celery import app as celery_app

from .forms import BoardForm, OrganisationForm, PersonForm, ProfileForm
from .history import history_entries
from .models import Board, Clause, Membership, Organisation, Person
from .permissions import PartnershipAdminRequiredMixin, PartnershipMixin
from .services import set_roles


class DashboardView(PartnershipMixin, TemplateView):
    template_name = "partnership/dashboard.html"

    def get_context_data(self, **kwargs):
        partnership = self.get_partnership()
        agreement = partnership.current_agreement
        return super().get_context_data(
            partnership=partnership,
            agreement=agreement,
            commitments=agreement.clauses.commitments() if agreement else [],
            practices=agreement.clauses.practices().filter(parent__kind="general") if agreement else [],
            **kwargs,
        )


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


class OrganisationCreateView(PartnershipMixin, PartnershipAdminRequiredMixin, CreateView):
    model = Organisation
    form_class = OrganisationForm
    template_name = "includes/form_page.html"
    extra_context = {"page_title": "Add a party to the partnership"}

    def form_valid(self, form):
        with transaction.atomic():
            organisation = form.save()
            Board.objects.create(organisation=organisation, name=f"{organisation.short_name} Board")
            self.get_partnership().parties.add(organisation)
        messages.success(self.request, f"{organisation.name} is now a party to the partnership.")
        return redirect(organisation)


class OrganisationUpdateView(PartnershipMixin, PartnershipAdminRequiredMixin, UpdateView):
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


class BoardUpdateView(PartnershipMixin, PartnershipAdminRequiredMixin, UpdateView):
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
            history=history_entries(clause),
            **kwargs,
        )


class PersonListView(PartnershipMixin, PartnershipAdminRequiredMixin, ListView):
    template_name = "partnership/person_list.html"
    context_object_name = "people"

    def get_queryset(self):
        return (
            Person.objects.filter(memberships__organisation__partnerships=self.get_partnership())
            .distinct()
            .prefetch_related(
                Prefetch("memberships", queryset=Membership.objects.select_related("organisation"))
            )
            .order_by("last_name", "first_name")
        )


class PersonDetailView(PartnershipMixin, DetailView):
    template_name = "partnership/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.filter(
            memberships__organisation__partnerships=self.get_partnership()
        ).distinct()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            memberships=self.object.memberships.select_related("organisation"),
            history=history_entries(self.object) if self.request.user.is_partnership_admin else None,
            **kwargs,
        )


class PersonFormMixin(PartnershipMixin, PartnershipAdminRequiredMixin):
    form_class = PersonForm
    template_name = "includes/form_page.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisations": self.visible_organisations()}

    def form_valid(self, form):
        with transaction.atomic():
            person = form.save()
            set_roles(person, form.roles())
        messages.success(self.request, f"{person} saved.")
        return redirect(person)


class PersonCreateView(PersonFormMixin, CreateView):
    extra_context = {
        "page_title": "Add a person",
        "intro": "They will sign in with this email address, after choosing a password with "
        "the ‘Forgotten your password?’ link on the sign-in page.",
    }


class PersonUpdateView(PersonFormMixin, UpdateView):
    def get_queryset(self):
        return Person.objects.filter(
            memberships__organisation__partnerships=self.get_partnership()
        ).distinct()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=f"Change {self.object}", cancel_url=self.object.get_absolute_url(), **kwargs
        )


class ProfileView(LoginRequiredMixin, UpdateView):
    form_class = ProfileForm
    template_name = "partnership/profile.html"

    def get_object(self, queryset=None):
        return self.request.user

    def get_success_url(self):
        messages.success(self.request, "Your details are saved.")
        return reverse("partnership:profile")


class AccessibilityStatementView(TemplateView):
    template_name = "partnership/accessibility.html"


def healthz(request):
    """Public: reports whether the database and the broker answer, for load balancers and compose."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:  # any failure here means "not healthy", whatever its kind
        checks["database"] = f"unreachable: {error.__class__.__name__}"
    try:
        with Connection(
            celery_app.conf.broker_url, transport_options=celery_app.conf.broker_transport_options
        ) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        checks["broker"] = "ok"
    except Exception as error:
        checks["broker"] = f"unreachable: {error.__class__.__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unhealthy", **checks}, status=200 if healthy else 503
    )
