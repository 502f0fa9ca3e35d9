from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"

    def ready(self):
        from partnership.serving import serves_clauses

        serves_clauses(
            "projects",
            "Joint projects",
            lambda clause: clause.projects.order_by("-updated_at"),
            list_url="projects:list",
        )
