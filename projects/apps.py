from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"

    def ready(self):
        from django.db.models.signals import post_save

        from partnership.models import Partnership
        from partnership.serving import serves_clauses

        from .models import Project
        from .seed import seed_new_partnership

        post_save.connect(
            seed_new_partnership, sender=Partnership, dispatch_uid="projects.seed_new_partnership"
        )

        serves_clauses(
            "projects", "Joint projects", Project, order_by=("-updated_at", "-pk"), list_url="projects:list"
        )
