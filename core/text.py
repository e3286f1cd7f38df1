"""Text conversions shared by the apps (no app of ours imported)."""

import html
import re

from django.utils.html import strip_tags


def html_to_text(html_text: str) -> str:
    """Sanitised rich text (paragraphs, lists, line breaks) as plain text.

    Paragraphs and headings become blank-line-separated paragraphs, list items "- item"
    lines, line breaks new lines; every other tag goes and entities are decoded. Plain
    text passes through unchanged (but for trimmed lines).
    """
    text = html_text or ""
    text = re.sub(r"(?i)<br\s*/?>", "\n", text)
    text = re.sub(r"(?i)<li[^>]*>", "\n- ", text)
    text = re.sub(r"(?i)</(p|h[1-6]|blockquote|ul|ol)>", "\n\n", text)
    text = html.unescape(strip_tags(text))
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
