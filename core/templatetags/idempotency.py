"""``{% form_token %}``: the hidden one-time token ``core.idempotency.idempotent`` checks."""

from django import template
from django.utils.html import format_html

from core.idempotency import TOKEN_FIELD, new_token

register = template.Library()


@register.simple_tag
def form_token() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, new_token())
