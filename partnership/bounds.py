"""The dates and amounts of money Accord accepts, in one place: every form, import, model and the API
check against these, so a record can never hold a date or sum the rest of the system cannot handle
(a calendar's next day, a total, a spreadsheet cell)."""

from datetime import UTC, date, datetime, time
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models

EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
EARLIEST_MOMENT = datetime.combine(EARLIEST_DATE, time.min, tzinfo=UTC)
LATEST_MOMENT = datetime.combine(LATEST_DATE, time.max, tzinfo=UTC)
# No single sum the partnership handles comes near £100bn; more is a typing mistake.
MOST_MONEY = Decimal("100000000000")
PENCE = Decimal("0.01")


def validate_date(value: date) -> None:
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            f"Enter a date between {EARLIEST_DATE.year} and {LATEST_DATE.year}", code="date_out_of_range"
        )


def is_within_bounds(moment: datetime) -> bool:
    return EARLIEST_MOMENT <= moment <= LATEST_MOMENT


def validate_moment(value: datetime) -> None:
    """validate_date for a date and time: outside these years a moment may have no London time."""
    if value is not None and not is_within_bounds(value):
        raise ValidationError(
            f"Enter a date between {EARLIEST_DATE.year} and {LATEST_DATE.year}", code="date_out_of_range"
        )


def plain_amount(text: str) -> str:
    """An amount as people type it (“£1,250,000.50”) as a number's text (“1250000.50”)."""
    return text.strip().replace("£", "").replace(",", "")


def parse_money(text: str) -> Decimal:
    """An amount of pounds as typed, checked against validate_money."""
    try:
        amount = Decimal(plain_amount(text))
    except InvalidOperation as error:
        raise ValidationError("Enter an amount in pounds, for example 250000", code="invalid") from error
    validate_money(amount)
    return amount


def validate_money(value: Decimal) -> None:
    if value is None:
        return
    if not value.is_finite():
        raise ValidationError("Enter an amount in pounds, for example 250000", code="invalid")
    if value < 0:
        raise ValidationError("Enter an amount of £0 or more", code="min_value")
    if value > MOST_MONEY:
        raise ValidationError("Enter an amount of no more than £100,000,000,000", code="max_value")
    if value != value.quantize(PENCE, rounding=ROUND_DOWN):
        raise ValidationError("Enter an amount in pounds and pence, with no more than 2 decimal places")


def money_field(verbose_name: str | None = None, **kwargs) -> models.DecimalField:
    """A sum of money in GBP: Decimal, never float, in pence, within validate_money's bounds."""
    return models.DecimalField(
        verbose_name, max_digits=14, decimal_places=2, validators=[validate_money], **kwargs
    )
