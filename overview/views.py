"""The home page: how the partnership is doing (3.5), for board members first; and the six-monthly
review pack for a meeting, as a page, a PDF and a spreadsheet."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from meetings.models import Meeting
from partnership.bounds import EARLIEST_MOMENT, LATEST_MOMENT
from partnership.permissions import PartnershipMixin
from partnership.spreadsheets import XLSX
from projects.models import Project

from . import charts, dashboard
from .for_you import for_you
from .review_pack import ReviewPack, pack_charts, review_pack, write_xlsx


class DashboardView(PartnershipMixin, TemplateView):
    template_name = "overview/dashboard.html"

    def get_context_data(self, **kwargs):
        partnership = self.get_partnership()
        figures = dashboard.cached_figures(partnership)
        figures["charts"] = charts.dashboard_charts(figures)  # from the figures: no query
        projects = figures.pop("projects")
        return super().get_context_data(
            partnership=partnership,
            agreement=partnership.current_agreement,
            today=timezone.localdate(),
            for_you=for_you(partnership, self.request.user, figures.get("agreement_standing")),
            by_rag=chart(projects["by_rag"], Project.Rag),
            by_sector=chart(projects["by_sector"], Project.Sector),
            **figures,
            **kwargs,
        )


def chart(counts: dict[str, int], choices) -> list[dict]:
    """Rows for a bar chart and the data table beside it: value, label, count and bar length (0-100)."""
    largest = max(counts.values(), default=0) or 1
    return [
        {"value": value, "label": choices(value).label, "count": n, "length": round(100 * n / largest)}
        for value, n in counts.items()
    ]


class ReviewPackMixin(PartnershipMixin):
    def get_pack(self) -> ReviewPack:
        meeting = get_object_or_404(
            Meeting.objects.select_related("partnership", "host"),
            partnership=self.get_partnership(),
            pk=self.kwargs["pk"],
            # One stored outside Accord's years (bypassing the forms) has no periods to compare.
            starts_at__range=(EARLIEST_MOMENT, LATEST_MOMENT),
        )
        return review_pack(meeting)


class ReviewPackView(ReviewPackMixin, TemplateView):
    template_name = "overview/review_pack.html"

    def get_context_data(self, **kwargs):
        pack = self.get_pack()
        return super().get_context_data(pack=pack, charts=pack_charts(pack), **kwargs)


class ReviewPackDownloadView(ReviewPackMixin, View):
    def get(self, request, pk):
        pack = self.get_pack()
        response = HttpResponse(content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="review-pack-{pack.meeting.starts_at:%Y-%m-%d}.xlsx"'
        )
        write_xlsx(pack, response, by=request.user)
        return response


class ReviewPackPdfView(ReviewPackMixin, View):
    def get(self, request, pk):
        # WeasyPrint loads Pango as it is imported: only this download needs it, so the rest of Accord
        # runs on a machine without it.
        from .review_pdf import write_pdf

        pack = self.get_pack()
        pdf = write_pdf(pack, base_url=request.build_absolute_uri("/"))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="review-pack-{pack.meeting.starts_at:%Y-%m-%d}.pdf"'
        )
        return response
