"""Template filters for the ceremony pages."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def pounds(value) -> str:
    """£1,234.50; a negative sum with a minus sign (U+2212) before the pound sign."""
    if value in (None, ""):
        return ""
    amount = Decimal(value)
    text = f"£{abs(amount):,.2f}"
    return f"−{text}" if amount < 0 else text
