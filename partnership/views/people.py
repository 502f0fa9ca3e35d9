"""People, their roles, and each person's own profile."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView
from rest_framework.authtoken.models import Token

from ..forms import PersonForm, ProfileForm
from ..history import history_entries
from ..models import Membership, Person
from ..permissions import MemberRequiredMixin, PartnershipAdminRequiredMixin, PartnershipMixin
from ..services import create_person, renew_api_key, revoke_api_key, update_person
from ..writes import values_of


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
        if self.object:
            person = update_person(self.object, roles=form.roles(), by=self.request.user, **values_of(form))
        else:
            person = create_person(roles=form.roles(), by=self.request.user, **values_of(form))
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


class ApiTokenView(MemberRequiredMixin, TemplateView):
    """A person's key for the open-data API, for a partner system to read as them."""

    template_name = "partnership/api_token.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(token=Token.objects.filter(user=self.request.user).first(), **kwargs)

    def post(self, request):
        if request.POST.get("action") == "create":
            renew_api_key(by=request.user)
            messages.success(request, "Your new API key is below. The old one, if any, no longer works.")
        else:
            revoke_api_key(by=request.user)
            messages.success(request, "Your API key is revoked. Systems using it can no longer read Accord.")
        return redirect("partnership:api-token")
