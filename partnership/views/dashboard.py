"""The home page: how the partnership is doing (3.5), for board members first."""

from django.utils import timezone
from django.views.generic import TemplateView

from .. import dashboard
from ..permissions import PartnershipMixin


class DashboardView(PartnershipMixin, TemplateView):
    template_name = "partnership/dashboard.html"

    def get_context_data(self, **kwargs):
        partnership = self.get_partnership()
        projects = dashboard.projects(partnership)
        return super().get_context_data(
            partnership=partnership,
            agreement=partnership.current_agreement,
            today=timezone.localdate(),
            next_meeting=dashboard.next_meeting(partnership),
            boards=dashboard.boards(partnership),
            overdue_actions=dashboard.overdue_actions(partnership),
            by_rag=chart(projects["by_rag"], dashboard.Project.Rag),
            by_sector=chart(projects["by_sector"], dashboard.Project.Sector),
            funding=dashboard.funding(partnership),
            outcomes=dashboard.outcomes(partnership),
            matrix=dashboard.commitments_matrix(partnership),
            **kwargs,
        )


def chart(counts: dict[str, int], choices) -> list[dict]:
    """Rows for a bar chart and the data table beside it: value, label, count and bar length (0-100)."""
    largest = max(counts.values(), default=0) or 1
    return [
        {"value": value, "label": choices(value).label, "count": n, "length": round(100 * n / largest)}
        for value, n in counts.items()
    ]
