"""3.4: the duty to cooperate — consultations on strategic documents and each party's response."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView

from ..filters import ConsultationFilter
from ..forms import ConsultationForm, ConsultationResponseForm
from ..history import history_entries
from ..models import Consultation, ConsultationResponse
from ..once import OnceMixin
from ..permissions import OfficerRequiredMixin, PartnershipMixin
from ..services import change_consultation, open_consultation, record_response
from ..templatetags.accord import day
from ..uploads import serve_document
from ..writes import values_of


class ConsultationsMixin(PartnershipMixin):
    def consultations(self):
        return Consultation.objects.filter(partnership=self.get_partnership())


class ConsultationListView(ConsultationsMixin, TemplateView):
    template_name = "partnership/consultation_list.html"

    def get_context_data(self, **kwargs):
        self.request.partnership = self.get_partnership()
        consultations = self.consultations().select_related("consulting_organisation")
        filtered = ConsultationFilter(self.request.GET, queryset=consultations, request=self.request)
        page = Paginator(
            filtered.qs.distinct().prefetch_related(
                Prefetch("responses", queryset=ConsultationResponse.objects.select_related("organisation"))
            ),
            25,
        ).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            filter=filtered,
            page=page,
            log=ConsultationResponse.objects.filter(
                consultation__in=self.consultations()
            ).log_by_organisation(),
            **kwargs,
        )


class ConsultationDetailView(ConsultationsMixin, DetailView):
    template_name = "partnership/consultation_detail.html"
    context_object_name = "consultation"

    def get_queryset(self):
        return self.consultations().select_related("consulting_organisation", "opened_by")

    def get_context_data(self, **kwargs):
        consultation = self.object
        responses = consultation.responses.select_related("organisation", "responded_by", "consultation")
        return super().get_context_data(
            responses=[(response, response.can_respond(self.request.user)) for response in responses],
            commitments=consultation.commitments.select_related("agreement"),
            can_edit=consultation.can_edit(self.request.user),
            history=history_entries(consultation),
            **kwargs,
        )


class ConsultationFormMixin(ConsultationsMixin):
    model = Consultation
    form_class = ConsultationForm
    template_name = "includes/form_page.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "partnership": self.get_partnership(),
            "person": self.request.user,
        }


class ConsultationCreateView(OnceMixin, ConsultationFormMixin, OfficerRequiredMixin, CreateView):
    extra_context = {
        "page_title": "Open a consultation",
        "intro": "Under the duty to cooperate (clause 3.4) the other parties are consulted on strategic "
        "documents. Their boards are told when it opens and reminded until they respond.",
    }

    def form_valid(self, form):
        consultation = open_consultation(
            partnership=self.get_partnership(),
            consulted=form.cleaned_data["consulted"],
            by=self.request.user,
            **values_of(form),
        )
        messages.success(
            self.request,
            "Consultation opened. The consulted boards will be asked to respond, and the other boards told.",
        )
        return redirect(consultation)


class ConsultationUpdateView(ConsultationFormMixin, UpdateView):
    def get_object(self, queryset=None):
        consultation = super().get_object(queryset)
        if not consultation.can_edit(self.request.user):
            raise PermissionDenied("Only officers of the consulting party may change it.")
        return consultation

    def get_queryset(self):
        return self.consultations()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=f"Change {self.object}", cancel_url=self.object.get_absolute_url(), **kwargs
        )

    def form_valid(self, form):
        change_consultation(self.object, by=self.request.user, **values_of(form))
        messages.success(self.request, "Consultation saved.")
        return redirect(self.object)


class ConsultationRespondView(ConsultationsMixin, UpdateView):
    form_class = ConsultationResponseForm
    template_name = "includes/form_page.html"

    def get_object(self, queryset=None):
        response = get_object_or_404(
            ConsultationResponse.objects.select_related("consultation", "organisation"),
            consultation__in=self.consultations(),
            consultation=self.kwargs["pk"],
            pk=self.kwargs["response_pk"],
        )
        if not response.can_respond(self.request.user):
            raise PermissionDenied("Only officers of the consulted party may record its response.")
        return response

    def get_context_data(self, **kwargs):
        response = self.object
        return super().get_context_data(
            page_title=f"{response.organisation.short_name}’s response",
            caption=response.consultation.title,
            intro=f"The response deadline is {day(response.consultation.respond_by)}.",
            cancel_url=response.consultation.get_absolute_url(),
            **kwargs,
        )

    def form_valid(self, form):
        record_response(self.object, by=self.request.user, **values_of(form))
        messages.success(self.request, "Response recorded.")
        return redirect(self.object.consultation)


class ConsultationDocumentView(ConsultationsMixin, View):
    def get(self, request, pk):
        consultation = get_object_or_404(self.consultations(), pk=pk)
        return serve_document(consultation.document, consultation.document_name)


class ConsultationResponseAttachmentView(ConsultationsMixin, View):
    def get(self, request, pk, response_pk):
        response = get_object_or_404(
            ConsultationResponse, consultation__in=self.consultations(), consultation=pk, pk=response_pk
        )
        return serve_document(response.attachment, response.attachment_name)
