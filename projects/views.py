from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView, UpdateView

from partnership.history import history_entries
from partnership.models import Clause
from partnership.once import SENT_TWICE, OnceMixin, new_token
from partnership.permissions import OfficerRequiredMixin, PartnershipAdminRequiredMixin, PartnershipMixin
from partnership.spreadsheets import XLSX
from partnership.writes import rows_of, values_of

from . import spreadsheets
from .filters import ProjectFilter
from .forms import (
    ContributionFormSet,
    ImportForm,
    MilestoneFormSet,
    OutcomeKindForm,
    OutcomeReportForm,
    OutcomeTargetFormSet,
    ProjectForm,
    ProjectUpdateForm,
)
from .models import Contribution, OutcomeKind, OutcomeReport, OutcomeTarget, Project
from .services import create_project, import_projects, save_outcome_kind, set_project_rows, update_project

IMPORT_SESSION_KEY = "projects_import"


class ProjectsMixin(PartnershipMixin):
    """Projects of the signed-in person's partnership; any other project is not found."""

    def projects(self):
        return Project.objects.for_partnership(self.get_partnership())

    def get_queryset(self):
        return self.projects()

    def filtered(self):
        self.filterset = ProjectFilter(
            self.request.GET, queryset=self.projects().for_list(), partnership=self.get_partnership()
        )
        return self.filterset.qs


class ProjectEditMixin(ProjectsMixin):
    """The project named in the URL, which the signed-in person must be allowed to edit."""

    def get_project(self) -> Project:
        if not hasattr(self, "project"):
            self.project = get_object_or_404(
                self.projects().prefetch_related("partners"), pk=self.kwargs["pk"]
            )
            if not self.project.can_edit(self.request.user):
                raise PermissionDenied("Only officers of the project's organisations may change it.")
        return self.project


class ProjectListView(ProjectsMixin, ListView):
    template_name = "projects/project_list.html"
    context_object_name = "projects"
    paginate_by = 25

    def get_queryset(self):
        return self.filtered()

    def get_context_data(self, **kwargs):
        by_rag, by_sector = self.object_list.live().counts()  # as the dashboard counts them
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter=self.filterset,
            counts_by_rag=[(Project.Rag(k).label, k, n) for k, n in by_rag.items()],
            counts_by_sector=[(Project.Sector(k).label, n) for k, n in by_sector.items() if n],
            query=query.urlencode(),
            can_create=self.request.user.can_create_records,
            **kwargs,
        )


class ProjectExportView(ProjectsMixin, View):
    """The filtered list as a spreadsheet, in the same columns as the import template."""

    def get(self, request, *args, **kwargs):
        projects = self.filtered().with_names()
        filename = f"projects-{timezone.localdate():%Y-%m-%d}.{kwargs['format']}"
        if kwargs["format"] == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            spreadsheets.export_csv(projects, response)
        else:
            response = HttpResponse(content_type=XLSX)
            spreadsheets.export_xlsx(
                projects,
                response,
                partnership=self.get_partnership(),
                filterset=self.filterset,
                by=request.user,
            )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class ProjectDetailView(ProjectsMixin, DetailView):
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .with_flags()
            .select_related("lead_organisation")
            .prefetch_related(
                "partners",
                "places",
                Prefetch("commitments", queryset=Clause.objects.select_related("agreement")),
                "milestones",
                Prefetch("contributions", queryset=Contribution.objects.select_related("organisation")),
                Prefetch("outcome_targets", queryset=OutcomeTarget.objects.select_related("kind")),
                Prefetch("outcome_reports", queryset=OutcomeReport.objects.select_related("kind")),
                "updates__author",
            )
        )

    def get_context_data(self, **kwargs):
        project = self.object
        return super().get_context_data(
            can_edit=project.can_edit(self.request.user),
            # Projects written in bulk (imports from elsewhere, the bench data) have no history yet.
            history=history_entries(project),
            **kwargs,
        )


class ProjectCreateView(OnceMixin, ProjectsMixin, OfficerRequiredMixin, CreateView):
    form_class = ProjectForm
    template_name = "includes/form_page.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "partnership": self.get_partnership(),
            "person": self.request.user,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title="Add a joint project", cancel_url=reverse("projects:list"), **kwargs
        )

    def form_valid(self, form):
        project = create_project(partnership=self.get_partnership(), by=self.request.user, **values_of(form))
        messages.success(self.request, f"“{project}” is added.")
        return redirect(project)


class ProjectEditView(ProjectEditMixin, UpdateView):
    form_class = ProjectForm
    template_name = "includes/form_page.html"

    def get_object(self, queryset=None):
        return self.get_project()

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "partnership": self.get_partnership(),
            "person": self.request.user,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=f"Change {self.object}", cancel_url=self.object.get_absolute_url(), **kwargs
        )

    def form_valid(self, form):
        project = update_project(self.object, by=self.request.user, **values_of(form))
        messages.success(self.request, "Project saved.")
        return redirect(project)


class ProjectRowsView(ProjectEditMixin, TemplateView):
    """Several rows of one kind (milestones, contributions, targets) changed together on one page."""

    template_name = "projects/project_rows.html"
    formset_class = None
    rows = ""  # the project's rows of this kind, as services.set_project_rows names them
    page_title = ""
    intro = ""
    saved_message = ""

    def get_formset(self, data=None):
        return self.formset_class(data, instance=self.get_project(), form_kwargs=self.get_form_kwargs())

    def get_form_kwargs(self):
        return {}

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(formset=self.get_formset()))

    def post(self, request, *args, **kwargs):
        formset = self.get_formset(request.POST)
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(formset=formset))
        set_project_rows(self.get_project(), kind=self.rows, rows=rows_of(formset), by=request.user)
        messages.success(request, self.saved_message)
        return redirect(self.get_project())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            project=self.get_project(), page_title=self.page_title, intro=self.intro, **kwargs
        )


class MilestonesView(ProjectRowsView):
    formset_class = MilestoneFormSet
    rows = "milestones"
    page_title = "Milestones"
    intro = "Add, change or remove milestones. A milestone past its due date and not done shows as late."
    saved_message = "Milestones saved."


class ContributionsView(ProjectRowsView):
    formset_class = ContributionFormSet
    rows = "contributions"
    page_title = "Contributions"
    intro = "What each organisation puts in, in cash or in kind, in pounds."
    saved_message = "Contributions saved."

    def get_form_kwargs(self):
        return {"organisations": self.get_partnership().parties.all()}


class OutcomeTargetsView(ProjectRowsView):
    formset_class = OutcomeTargetFormSet
    rows = "outcome_targets"
    page_title = "Outcome targets"
    intro = "What the project means to achieve over its life. Record what it achieves each period separately."
    saved_message = "Outcome targets saved."

    def get_form_kwargs(self):
        return {"partnership": self.get_partnership()}


class ProjectChildCreateView(ProjectEditMixin, CreateView):
    template_name = "includes/form_page.html"
    page_title = ""
    saved_message = ""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.instance.project = self.get_project()
        return form

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=self.page_title,
            caption=self.get_project().title,
            cancel_url=self.get_project().get_absolute_url(),
            **kwargs,
        )

    def form_valid(self, form):
        form.save()
        messages.success(self.request, self.saved_message)
        return redirect(self.get_project())


class ProgressUpdateCreateView(OnceMixin, ProjectChildCreateView):
    form_class = ProjectUpdateForm
    page_title = "Write a progress update"
    saved_message = "Update added."

    def get_initial(self):
        return {"written_on": timezone.localdate()}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.instance.author = self.request.user
        return form


class OutcomeReportCreateView(OnceMixin, ProjectChildCreateView):
    form_class = OutcomeReportForm
    page_title = "Record what the project achieved in a period"
    saved_message = "Outcome recorded."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.get_partnership()}


def _preview(checked: list) -> dict:
    """What the preview page shows: every row, the bad ones, those to import and those skipped."""
    projects = [row for row in checked if row.sheet == spreadsheets.PROJECTS]
    importing = [row for row in projects if not row.skipped]
    return {
        "new_count": sum(1 for row in importing if not row.existing),
        "changing_count": sum(1 for row in importing if row.existing),
        "rows": projects,
        "bad": [row for row in checked if row.errors],
        "other_bad": [row for row in checked if row.errors and row.sheet != spreadsheets.PROJECTS],
        "importing": importing,
        "skipped": [row for row in checked if row.skipped],
        "added": {
            sheet.lower(): sum(len(row.new_rows[sheet]) for row in projects)
            for sheet in spreadsheets.CHILD_COLUMNS
        },
    }


class ImportView(ProjectsMixin, OfficerRequiredMixin, FormView):
    """Upload → preview every row; nothing is saved until the officer confirms a file without errors."""

    form_class = ImportForm
    template_name = "projects/import.html"

    def form_valid(self, form):
        try:
            sheets = spreadsheets.read_file(form.cleaned_data["file"])
        except spreadsheets.UnreadableFile as problem:
            form.add_error("file", str(problem))
            return self.form_invalid(form)
        rows = sheets.pop(spreadsheets.PROJECTS)
        checked = spreadsheets.RowChecker(self.get_partnership(), self.request.user).check(rows, sheets)
        preview = _preview(checked)
        if preview["bad"] or not preview["importing"]:
            self.request.session.pop(IMPORT_SESSION_KEY, None)
        else:
            # Only the rows' text is kept; confirming checks them again against the database.
            self.request.session[IMPORT_SESSION_KEY] = {
                "partnership": self.get_partnership().pk,
                "rows": rows,
                "others": sheets,
                "preview": new_token(),  # imported once, however often it is confirmed
            }
        return render(self.request, "projects/import_preview.html", preview)


class ConfirmImportView(ProjectsMixin, OfficerRequiredMixin, View):
    def post(self, request, *args, **kwargs):
        kept = request.session.get(IMPORT_SESSION_KEY)
        if not kept or kept.get("partnership") != self.get_partnership().pk or "preview" not in kept:
            messages.error(request, "There is nothing to import. Upload the file again.")
            return redirect("projects:import")
        checked = spreadsheets.RowChecker(self.get_partnership(), request.user).check(
            kept["rows"], kept.get("others", {})
        )
        preview = _preview(checked)
        if preview["bad"]:
            request.session.pop(IMPORT_SESSION_KEY, None)
            return render(request, "projects/import_preview.html", preview)
        projects = import_projects(
            partnership=self.get_partnership(),
            rows=preview["importing"],
            preview=kept["preview"],
            by=request.user,
        )
        request.session.pop(IMPORT_SESSION_KEY, None)
        if projects is None:
            messages.info(request, SENT_TWICE)
            return redirect("projects:list")
        added, changed = preview["new_count"], preview["changing_count"]
        said = [
            f"{n} project{'s' if n != 1 else ''} {what}"
            for n, what in [(added, "imported"), (changed, "changed")]
            if n
        ]
        messages.success(request, " and ".join(said) + ".")
        return redirect("projects:list")


class ImportTemplateView(ProjectsMixin, OfficerRequiredMixin, View):
    def get(self, request, *args, **kwargs):
        if kwargs["format"] == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            spreadsheets.template_csv(response, partnership=self.get_partnership())
        else:
            response = HttpResponse(content_type=XLSX)
            spreadsheets.template_xlsx(response, partnership=self.get_partnership(), by=request.user)
        response["Content-Disposition"] = f'attachment; filename="projects-template.{kwargs["format"]}"'
        return response


class OutcomeKindListView(PartnershipMixin, PartnershipAdminRequiredMixin, ListView):
    """The kinds of outcome this partnership's projects report, which its admins extend."""

    template_name = "projects/outcome_kind_list.html"
    context_object_name = "kinds"

    def get_queryset(self):
        return OutcomeKind.objects.filter(partnership=self.get_partnership())


class OutcomeKindFormMixin(PartnershipMixin, PartnershipAdminRequiredMixin):
    """Only the signed-in admin's partnership's kinds; another's are not found."""

    form_class = OutcomeKindForm
    template_name = "includes/form_page.html"

    def get_queryset(self):
        return OutcomeKind.objects.filter(partnership=self.get_partnership())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.get_partnership()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=self.object.name if self.object else "Add a kind of outcome",
            cancel_url=reverse("projects:outcome-kinds"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            kind = save_outcome_kind(
                form.instance, partnership=self.get_partnership(), by=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{kind.name}” saved.")
        return redirect("projects:outcome-kinds")


class OutcomeKindCreateView(OnceMixin, OutcomeKindFormMixin, CreateView):
    pass


class OutcomeKindUpdateView(OutcomeKindFormMixin, UpdateView):
    pass
