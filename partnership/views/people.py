"""People, their roles, and each person's own profile."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView, UpdateView
from rest_framework.authtoken.models import Token

from ..forms import EmailChangeForm, PersonForm, ProfileForm
from ..history import history_entries
from ..models import Membership, Person
from ..once import OnceMixin
from ..permissions import MemberRequiredMixin, PartnershipAdminRequiredMixin, PartnershipMixin
from ..services import (
    EmailChangeRefused,
    confirm_email_change,
    create_person,
    email_change_of,
    renew_api_key,
    request_email_change,
    revoke_api_key,
    update_person,
)
from ..writes import values_of

# Superusers and staff hold the keys to the Django admin: only they manage such accounts, there.
EDITABLE_IN_ACCORD = Q(is_superuser=False, is_staff=False)


def with_editable(people):
    return people.annotate(editable=ExpressionWrapper(EDITABLE_IN_ACCORD, output_field=BooleanField()))


class PersonListView(PartnershipMixin, PartnershipAdminRequiredMixin, ListView):
    template_name = "partnership/person_list.html"
    context_object_name = "people"

    def get_queryset(self):
        return (
            with_editable(
                Person.objects.filter(memberships__organisation__partnerships=self.get_partnership())
            )
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
        return with_editable(
            Person.objects.filter(memberships__organisation__partnerships=self.get_partnership())
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
        organisations = list(self.visible_organisations())
        user = self.request.user
        # Roles at a party are given and taken by that party's own admins (and superusers).
        managed = [
            o
            for o in organisations
            if user.is_superuser or user.has_role(Membership.Role.PARTNERSHIP_ADMIN, {o.pk})
        ]
        return {
            **super().get_form_kwargs(),
            "organisations": organisations,
            "managed": managed,
            "editor": user,
        }

    def form_valid(self, form):
        if self.object:
            person = update_person(self.object, roles=form.roles(), by=self.request.user, **values_of(form))
        else:
            person = create_person(roles=form.roles(), by=self.request.user, **values_of(form))
        messages.success(self.request, f"{person} saved.")
        return redirect(person)


class PersonCreateView(OnceMixin, PersonFormMixin, CreateView):
    extra_context = {
        "page_title": "Add a person",
        "intro": "They will sign in with this email address, after choosing a password with "
        "the ‘Forgotten your password?’ link on the sign-in page.",
    }


class PersonUpdateView(OnceMixin, PersonFormMixin, UpdateView):
    def get_queryset(self):
        return Person.objects.filter(
            EDITABLE_IN_ACCORD, memberships__organisation__partnerships=self.get_partnership()
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


class EmailChangeView(LoginRequiredMixin, FormView):
    """Only the person changes the address they sign in with, and only once the new one answers."""

    form_class = EmailChangeForm
    template_name = "partnership/profile_email.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "person": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(hours=settings.ACCORD_EMAIL_CHANGE_LINK_HOURS, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        try:
            request_email_change(email=email, by=self.request.user)
        except ValidationError as refused:
            form.add_error(None, refused)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"We have sent a link to {email}. Open it within {settings.ACCORD_EMAIL_CHANGE_LINK_HOURS} "
            f"hours to sign in with it from then on.",
        )
        return redirect("partnership:profile")


class EmailChangeConfirmView(LoginRequiredMixin, TemplateView):
    """The link sent to the new address: opening it shows the change, the button makes it (so a
    mail scanner that follows links changes nothing)."""

    template_name = "partnership/profile_email_confirm.html"

    def get(self, request, token):
        try:
            return self.render_to_response(
                self.get_context_data(new_email=email_change_of(token, person=request.user))
            )
        except EmailChangeRefused as refused:
            return self.render_to_response(self.get_context_data(problem=str(refused)))

    def post(self, request, token):
        try:
            person = confirm_email_change(token, by=request.user)
        except EmailChangeRefused as refused:
            return self.render_to_response(self.get_context_data(problem=str(refused)))
        messages.success(request, f"You now sign in as {person.email}.")
        return redirect("partnership:profile")


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
            messages.success(request, "Your API key is revoked. Systems using it can no longer use Accord.")
        return redirect("partnership:api-token")
