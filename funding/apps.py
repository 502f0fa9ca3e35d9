from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "funding"

    def ready(self):
        from meetings.calendar import FEED_SOURCES
        from partnership.serving import serves_clauses

        from .calendar import closing_dates_for
        from .models import Bid

        # Closing dates of the bids people work on go into their personal calendar feed.
        FEED_SOURCES.append(closing_dates_for)
        serves_clauses("bids", "Bids", Bid, select_related=("opportunity",), list_url="funding:pipeline")
