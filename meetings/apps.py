from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"

    def ready(self):
        from django.db.models import Q

        from partnership.serving import serves_clauses

        from .models import AgendaItem, Meeting, Priority, Proposal

        serves_clauses("proposals", "Proposals for the boards", Proposal, order_by=("-created_at", "-pk"))
        serves_clauses(
            "meetings",
            "Meetings",
            Meeting,
            counts=~Q(status=Meeting.Status.CANCELLED),
            order_by=("-starts_at",),
            note="Cancelled meetings are left out.",
        )
        serves_clauses(
            "agenda-items",
            "Agenda items",
            AgendaItem,
            counts=~Q(meeting__status=Meeting.Status.CANCELLED),
            order_by=("-meeting__starts_at", "position", "pk"),
            select_related=("meeting",),
            note="Items of cancelled meetings are left out.",
            label=lambda item: f"{item.title} ({item.meeting})",
        )
        serves_clauses("priorities", "Agreed priorities", Priority, select_related=("meeting",))
