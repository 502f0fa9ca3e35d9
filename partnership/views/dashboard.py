"""The home page: how the partnership is doing (3.5), for board members first."""

from django.utils import timezone
from django.views.generic import TemplateView

from .. import dashboard
from ..permissions import PartnershipMixin


class DashboardView(PartnershipMixin, TemplateView):
    template_name = "partnership/dashboard.html"

    def get_context_data(self, **kwargs):
        partnership = self.get_partnership()
        figures = dashboard.cached_figures(partnership)
        projects = figures.pop("projects")
        return super().get_context_data(
            partnership=partnership,
            agreement=partnership.current_agreement,
            today=timezone.localdate(),
            by_rag=chart(projects["by_rag"], dashboard.Project.Rag),
            by_sector=chart(projects["by_sector"], dashboard.Project.Sector),
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
