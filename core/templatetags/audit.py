"""``{% audit_timeline obj [more...] %}``: a record's history as an MOJ timeline."""

from django import template

from core.selectors import audit_history

register = template.Library()


@register.inclusion_tag("core/includes/audit_timeline.html")
def audit_timeline(*objects, heading: str = "History", limit: int = 50):
    """The changes made to ``objects`` (instances or ``(object_type, ids)`` pairs)."""
    return {"entries": audit_history(*objects, limit=limit), "heading": heading, "limit": limit}
