"""3.5: the six-monthly review pack for a meeting, as a printable page and a spreadsheet."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import TemplateView
from openpyxl import Workbook
from openpyxl.styles import Font

from meetings.models import Meeting

from ..permissions import PartnershipMixin
from ..review_pack import ReviewPack, review_pack

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReviewPackMixin(PartnershipMixin):
    def get_pack(self) -> ReviewPack:
        meeting = get_object_or_404(
            Meeting.objects.select_related("partnership", "host"),
            partnership=self.get_partnership(),
            pk=self.kwargs["pk"],
        )
        return review_pack(meeting)


class ReviewPackView(ReviewPackMixin, TemplateView):
    template_name = "partnership/review_pack.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(pack=self.get_pack(), **kwargs)


class ReviewPackDownloadView(ReviewPackMixin, View):
    def get(self, request, pk):
        pack = self.get_pack()
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Review pack"
        sheet.append([f"Review pack: {pack.meeting}"])
        sheet.append([f"This period: {pack.this.first_day:%-d %B %Y} to {pack.this.last_day:%-d %B %Y}"])
        sheet.append([f"Last period: {pack.last.first_day:%-d %B %Y} to {pack.last.last_day:%-d %B %Y}"])
        sheet.append([])
        sheet.append(["Section", "Measure", "This period", "Last period"])
        for cell in sheet[5]:
            cell.font = Font(bold=True)
        for measure in pack.measures:
            sheet.append([measure.section, measure.label, measure.this, measure.last])
            if measure.money:
                for cell in sheet[sheet.max_row][2:]:
                    cell.number_format = "£#,##0.00"
        sheet.column_dimensions["A"].width = 24
        sheet.column_dimensions["B"].width = 44
        response = HttpResponse(content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="review-pack-{pack.meeting.starts_at:%Y-%m-%d}.xlsx"'
        )
        workbook.save(response)
        return response
