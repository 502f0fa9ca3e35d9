"""A period of the six-monthly cycle (3.2.1), as the review pack and its lists of changes read it."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from partnership.templatetags.accord import day


@dataclass
class Period:
    start: datetime  # exclusive
    end: datetime  # inclusive
    to_date: bool = False  # not over yet: `end` is now, not the day the period ends

    @property
    def span(self) -> str:
        """Its days, as "2 May 2026 to 1 November 2026", or "2 May 2026 to date" while not over."""
        end = "date" if self.to_date else day(self.last_day)
        return f"{day(self.first_day)} to {end}"

    @property
    def first_day(self) -> date:
        return timezone.localdate(self.start) + timedelta(days=1)

    @property
    def last_day(self) -> date:
        return timezone.localdate(self.end)
