"""Render Django form fields as GOV.UK Design System components."""

from django import forms, template

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
