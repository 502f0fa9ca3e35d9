from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = "Reminders"

    def ready(self):
        from partnership import outbox

        from . import consultations, services, tasks  # noqa: F401 (consultations registers its kinds)

        # Each app registers its kinds of reminder in its own reminders.py (see reminders/kinds.py).
        autodiscover_modules("reminders")
        # Consultations belong to partnership, which imports no other app: it plans through its outbox.
        outbox.connect(services)
        # The services enqueue each delivery with the task that calls them back.
        services.send_deliveries_with(tasks.send_delivery)
