from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "funding"

    def ready(self):
        from meetings.calendar import FEED_SOURCES

        from .calendar import closing_dates_for

        # Closing dates of the bids people work on go into their personal calendar feed.
        FEED_SOURCES.append(closing_dates_for)
