"""Render Django form fields as GOV.UK Design System components."""

from django import forms, template
from django.utils.http import urlencode

register = template.Library()

_INPUT_CLASS = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
}


def widget_kind(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


@register.filter
def kind(bound_field) -> str:
    return widget_kind(bound_field.field.widget)


@register.simple_tag
def govuk_widget(bound_field, **extra):
    """The field's widget with GOV.UK classes, error state and described-by ids."""
    widget = bound_field.field.widget
    css = next((c for t, c in _INPUT_CLASS.items() if isinstance(widget, t)), "govuk-input")
    if bound_field.errors:
        css += {
            "govuk-input": " govuk-input--error",
            "govuk-textarea": " govuk-textarea--error",
            "govuk-select": " govuk-select--error",
            "govuk-file-upload": " govuk-file-upload--error",
        }.get(css, "")
    existing = widget.attrs.get("class", "")
    attrs = {"class": f"{css} {existing}".strip()}
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    attrs.update(extra)
    return bound_field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def govuk_table_header(context, table) -> list[dict]:
    """The header cells of a django-tables2 table, worked out once per column in Python.

    The same values the template used to look up cell by cell (``column.attrs`` runs
    django-tables2's computed-attribute introspection on every access, and each
    ``querystring_replace`` copied the query string): the header, its ``th`` class, the
    ``aria-sort`` value and the link that orders by the column.
    """
    params = dict(context["request"].GET)
    order_field = table.prefixed_order_by_field
    cells = []
    for column in table.columns:
        cell = {
            "header": column.header,
            "th_class": column.attrs["th"].get("class"),
            "orderable": column.orderable,
        }
        if column.orderable:
            if column.is_ordered:
                descending = column.order_by_alias.is_descending
                cell["aria_sort"] = "descending" if descending else "ascending"
            else:
                cell["aria_sort"] = "none"
            cell["href"] = "?" + urlencode(
                {**params, order_field: column.order_by_alias.next}, doseq=True
            )
        cells.append(cell)
    return cells
