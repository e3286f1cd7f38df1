"""Template helpers for the awards pages."""

import re

from django import template
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString

from core.templatetags.govuk import govuk_widget

register = template.Library()


@register.filter
def paragraphs(text: str) -> SafeString:
    """Plain text as GOV.UK body paragraphs (blank lines separate them; single line
    breaks are kept)."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n"))]
    return format_html_join(
        "\n",
        '<p class="govuk-body">{}</p>',
        ((SafeString(escape(b).replace("\n", "<br>")),) for b in blocks if b),
    )


@register.simple_tag
def counted_widget(bound_field, counter_id: str):
    """The field's GOV.UK widget, described by its hint, its word counter and any error."""
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}-hint")
    described.append(counter_id)
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-error")
    return govuk_widget(bound_field, **{"aria-describedby": " ".join(described)})


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key) if mapping else None
