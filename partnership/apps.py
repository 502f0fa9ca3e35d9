from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "partnership"

    def ready(self):
        from .serving import serves_clauses

        serves_clauses(
            "consultations",
            "Consultations",
            lambda clause: clause.consultations.all(),
            list_url="partnership:consultation-list",
        )
        serves_clauses(
            "evidence",
            "Shared data and evidence",
            lambda clause: clause.evidence.all(),
            list_url="partnership:evidence-list",
        )
