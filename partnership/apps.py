from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "partnership"

    def ready(self):
        from .models import Consultation, Evidence
        from .serving import serves_clauses

        serves_clauses(
            "consultations",
            "Consultations",
            Consultation,
            order_by=("-opens_on", "-pk"),
            list_url="partnership:consultation-list",
        )
        serves_clauses("evidence", "Shared data and evidence", Evidence, list_url="partnership:evidence-list")
