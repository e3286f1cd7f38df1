"""Date inputs that can never overflow: every date a person types is bounded."""

from django.core.validators import MaxValueValidator, MinValueValidator

from training.times import EARLIEST_DATE, LATEST_DATE, date_range_message


def bounded(label: str) -> list:
    """Validators keeping a date between EARLIEST_DATE and LATEST_DATE, with one message."""
    message = date_range_message(label)
    return [
        MinValueValidator(EARLIEST_DATE, message=message),
        MaxValueValidator(LATEST_DATE, message=message),
    ]
