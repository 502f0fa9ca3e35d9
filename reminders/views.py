from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import ListView, TemplateView, UpdateView, View
from django.views.generic.detail import SingleObjectMixin

from partnership.models import Person
from partnership.permissions import PartnershipAdminRequiredMixin, PartnershipMixin

from .forms import KindSettingForm, PreferenceForm
from .kinds import all_kinds, get_kind, kinds_for_model
from .links import LinkRefused, read_unsubscribe, refused_page
from .models import Delivery, KindSetting, Preference, Reminder
from .services import resend, save_preference, save_setting, switch_off


def record_url(record) -> str:
    """The admins' page of every reminder about `record` (link to it from the record's page)."""
    return reverse("reminders:record", args=[record._meta.label_lower, record.pk])


class IndexView(PartnershipMixin, ListView):
    """Everyone sees the reminders sent to them; admins also see what failed, to resend it."""

    template_name = "reminders/index.html"
    context_object_name = "deliveries"
    paginate_by = 25

    def get_queryset(self):
        return (
            Delivery.objects.filter(person=self.request.user)
            .select_related("reminder")
            .prefetch_related("reminder__record")
            .order_by("-reminder__due_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for delivery in context["deliveries"]:
            delivery.kind_label = get_kind(delivery.reminder.kind).label
        failed = []
        if self.request.user.is_partnership_admin:
            failed = list(
                Delivery.objects.filter(
                    status=Delivery.Status.FAILED, reminder__partnership=self.get_partnership()
                )
                .select_related("reminder", "person")
                .prefetch_related("reminder__record")
                .order_by("-reminder__due_at")[:100]
            )
            for delivery in failed:
                delivery.kind_label = get_kind(delivery.reminder.kind).label
        context["failed"] = failed
        return context


class RecordRemindersView(PartnershipMixin, PartnershipAdminRequiredMixin, TemplateView):
    """Every reminder about one meeting (or consultation, or bid): planned, sent, failed or cancelled,
    to whom and when. Reminders are listed under the record their kind says they are about."""

    template_name = "reminders/record.html"

    def get_record(self):
        try:
            content_type = ContentType.objects.get_by_natural_key(*self.kwargs["model"].split(".", 1))
        except (ContentType.DoesNotExist, TypeError):
            raise Http404("No such kind of record.") from None
        model = content_type.model_class()
        if model is None:
            raise Http404("No such kind of record.")
        record = get_object_or_404(model, pk=self.kwargs["pk"])
        partnership_ids = set(Reminder.objects.about(record).values_list("partnership_id", flat=True))
        if not partnership_ids:
            # Nothing planned yet: show the empty page only for a record that can have reminders.
            kinds = kinds_for_model(model)
            partnership_ids = {kinds[0].partnership(record).pk} if kinds else set()
        if self.get_partnership().pk not in partnership_ids:
            raise Http404("Not in your partnership.")
        return record

    def get_context_data(self, **kwargs):
        record = self.get_record()
        reminders = list(
            Reminder.objects.about(record)
            .filter(partnership=self.get_partnership())
            .annotate(
                sent_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
                failed_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
            )
            .prefetch_related(
                "record",
                Prefetch(
                    "deliveries",
                    queryset=Delivery.objects.select_related("person").order_by(
                        "person__last_name", "person__first_name"
                    ),
                ),
            )
            .order_by("due_at", "pk")
        )
        for reminder in reminders:
            reminder.kind_label = get_kind(reminder.kind).label
            reminder.is_about_itself = (reminder.content_type_id, reminder.object_id) == (
                reminder.about_type_id,
                reminder.about_id,
            )
        return super().get_context_data(
            record=record,
            record_page=getattr(record, "get_absolute_url", lambda: "")(),
            reminders=reminders,
            **kwargs,
        )


class ResendView(PartnershipMixin, PartnershipAdminRequiredMixin, SingleObjectMixin, View):
    http_method_names = ["post"]

    def get_queryset(self):
        return Delivery.objects.select_related("reminder")

    def post(self, request, *args, **kwargs):
        delivery = self.get_object()
        if delivery.reminder.partnership_id != self.get_partnership().pk:
            raise Http404("Not in your partnership.")
        if delivery.status != Delivery.Status.FAILED:
            messages.error(
                request, f"That reminder to {delivery.email} has not failed, so was not sent again."
            )
        else:
            resend(delivery)
            messages.success(request, f"Sending the reminder to {delivery.email} again.")
        next_url = delivery.reminder.get_reminders_url()
        if request.POST.get("next") == "index":
            next_url = reverse("reminders:index")
        return redirect(next_url)


class PreferenceView(LoginRequiredMixin, UpdateView):
    """Anyone signed in chooses how their own optional emails come, and switches kinds off."""

    form_class = PreferenceForm
    template_name = "reminders/preferences.html"

    def get_object(self, queryset=None):
        return Preference.objects.filter(person=self.request.user).first() or Preference(
            person=self.request.user
        )

    def get_context_data(self, **kwargs):
        mandatory = [kind for kind in all_kinds() if not kind.optional]
        return super().get_context_data(mandatory=mandatory, **kwargs)

    def form_valid(self, form):
        save_preference(
            person=self.request.user,
            daily_digest=form.cleaned_data["daily_digest"],
            switched_off=form.switched_off(),
            by=self.request.user,
        )
        messages.success(self.request, "Your email preferences are saved.")
        return redirect("reminders:preferences")


# CSRF-exempt for this view only: mail clients POST the one-click without a session (RFC 8058).
@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """The link in an optional email's List-Unsubscribe header and footer: GET asks, POST switches the
    kind off for the person the signed link names. Nobody need be signed in."""

    def _read(self, token):
        person_id, kind_name = read_unsubscribe(token)
        person = Person.objects.filter(pk=person_id, is_active=True).first()
        try:
            kind = get_kind(kind_name)
        except KeyError:
            kind = None
        if person is None or kind is None or not kind.optional:
            raise LinkRefused(
                "This link no longer works. Sign in to Accord to manage your email preferences."
            )
        return person, kind

    def get(self, request, token):
        try:
            person, kind = self._read(token)
        except LinkRefused as refused:
            return refused_page(request, refused)
        return render(request, "reminders/unsubscribe.html", {"person": person, "kind": kind})

    def post(self, request, token):
        try:
            person, kind = self._read(token)
        except LinkRefused as refused:
            return refused_page(request, refused)
        switch_off(person=person, kind=kind)
        return render(request, "reminders/unsubscribe.html", {"person": person, "kind": kind, "done": True})


class KindSettingListView(PartnershipMixin, PartnershipAdminRequiredMixin, TemplateView):
    """The kinds of reminder, and the days before a meeting or deadline each goes out."""

    template_name = "reminders/settings.html"

    def get_context_data(self, **kwargs):
        settings_by_kind = {
            setting.kind: setting
            for setting in KindSetting.objects.filter(partnership=self.get_partnership())
        }
        rows = []
        for kind in all_kinds():
            setting = settings_by_kind.get(kind.name)
            offsets = setting.offsets if setting and setting.offsets is not None else kind.default_offsets
            rows.append(
                {
                    "kind": kind,
                    "enabled": not kind.optional or not setting or setting.enabled,
                    "offsets": ", ".join(str(days) for days in offsets) if kind.anchor else "",
                }
            )
        return super().get_context_data(rows=rows, **kwargs)


class KindSettingUpdateView(PartnershipMixin, PartnershipAdminRequiredMixin, UpdateView):
    form_class = KindSettingForm
    template_name = "includes/form_page.html"

    def get_kind(self):
        try:
            return get_kind(self.kwargs["kind"])
        except KeyError:
            raise Http404("No such kind of reminder.") from None

    def get_object(self, queryset=None):
        kind, partnership = self.get_kind(), self.get_partnership()
        return KindSetting.objects.filter(partnership=partnership, kind=kind.name).first() or KindSetting(
            partnership=partnership, kind=kind.name
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kind": self.get_kind()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=f"Change “{self.get_kind().label}” reminders",
            intro="Changes apply to reminders planned from now on; ones already planned keep their dates.",
            cancel_url=reverse("reminders:settings"),
            **kwargs,
        )

    def form_valid(self, form):
        save_setting(
            partnership=self.get_partnership(),
            kind=self.get_kind(),
            enabled=form.instance.enabled,
            offsets_days=form.instance.offsets_days,
            by=self.request.user,
        )
        messages.success(self.request, f"“{self.get_kind().label}” reminders saved.")
        return redirect("reminders:settings")
