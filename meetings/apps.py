from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"

    def ready(self):
        from partnership.serving import serves_clauses

        serves_clauses(
            "proposals", "Proposals for the boards", lambda clause: clause.proposals.order_by("-created_at")
        )
        serves_clauses(
            "priorities",
            "Agreed priorities",
            lambda clause: clause.priorities.select_related("meeting").order_by("-pk"),
        )
