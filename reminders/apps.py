from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = "Reminders"

    def ready(self):
        # Each app registers its kinds of reminder in its own reminders.py (see reminders/kinds.py).
        autodiscover_modules("reminders")
