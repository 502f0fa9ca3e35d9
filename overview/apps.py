from django.apps import AppConfig


class OverviewConfig(AppConfig):
    """What stands above the features: the dashboard, the six-monthly review pack and the demo,
    each reading meetings, projects and funding together."""

    name = "overview"

    def ready(self):
        from django.db.models import Q
        from django.db.models.functions import Now
        from django.urls import reverse

        from meetings.models import Meeting
        from partnership.serving import serves_clauses

        # 3.5 asks for data-driven review: each review linked to 3.5 that has been held has its pack.
        serves_clauses(
            "review-packs",
            "Review packs",
            Meeting,
            counts=Q(status=Meeting.Status.SCHEDULED, ends_at__lt=Now()),
            clauses=Q(number="3.5"),
            order_by=("-starts_at",),
            note="The pack of each meeting linked to clause 3.5 that has been held.",
            url=lambda meeting: reverse("overview:review-pack", args=[meeting.pk]),
            label=lambda meeting: f"Review pack: {meeting}",
        )
