from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

WIDGETS = "django/forms/widgets/"


def _attrs(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html`` in Python."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {conditional_escape(name)}")
        if value is not True:
            parts.append(f'="{conditional_escape(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    """``input.html`` (and every widget template that only includes it); as
    ``BaseRenderer.render`` does, without the file's closing newline."""
    value = widget["value"]
    value = "" if value is None else f' value="{conditional_escape(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'
    )


def _option(option: dict) -> str:
    """``select_option.html``, as included by the select (with its closing newline)."""
    return (
        f'<option value="{conditional_escape(option["value"])}"{_attrs(option["attrs"])}>'
        f"{conditional_escape(option['label'])}</option>\n"
    )


def _select(widget: dict) -> str | None:
    """``select.html``; None when an option has a template of its own."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != WIDGETS + "select_option.html":
                return None
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


# Django's own widget templates, written out in Python: a select of 20 options costs
# 45 template renders (the select, each option, their attributes) through the template
# engine, which on a filter form was a third of a list page. The output is the same
# character for character (tests/core/test_forms.py renders both ways and compares).
FAST_WIDGETS = {
    **{
        WIDGETS + f"{name}.html": _input
        for name in (
            "input",
            "text",
            "number",
            "email",
            "url",
            "password",
            "hidden",
            "date",
            "datetime",
            "time",
            "search",
            "tel",
            "color",
            "checkbox",
        )
    },
    WIDGETS + "select.html": _select,
}


class GovukFormRenderer(TemplatesSetting):
    """``{{ form }}`` renders every field as a GOV.UK form group; Django's plain input and
    select widgets are written out in Python (``FAST_WIDGETS``), the rest by template."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"

    def render(self, template_name, context, request=None):
        fast = FAST_WIDGETS.get(template_name)
        if fast is not None and request is None and "widget" in context:
            html = fast(context["widget"])
            if html is not None:
                return mark_safe(html)  # noqa: S308 - every value above is escaped
        return super().render(template_name, context, request)
