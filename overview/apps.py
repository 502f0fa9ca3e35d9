from django.apps import AppConfig


class OverviewConfig(AppConfig):
    """What stands above the features: the dashboard, the six-monthly review pack and the demo,
    each reading meetings, projects and funding together."""

    name = "overview"
