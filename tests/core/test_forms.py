"""The form renderer: GOV.UK field templates; Django's plain widgets written out in Python."""

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting

from core.forms import FAST_WIDGETS, GovukFormRenderer

# --- Django's widget templates written out in Python (core.forms.FAST_WIDGETS) -------


class _EveryWidget(forms.Form):
    text = forms.CharField(help_text="Help")
    number = forms.IntegerField(required=False)
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    when = forms.DateTimeField(required=False)
    time = forms.TimeField(required=False)
    search = forms.CharField(widget=forms.SearchInput, required=False)
    tel = forms.CharField(widget=forms.TelInput, required=False)
    colour = forms.CharField(widget=forms.ColorInput, required=False)
    agree = forms.BooleanField(required=False)
    choice = forms.ChoiceField(choices=[("", "Any"), ("a", "A & B"), (1, "<One>")], required=False)
    grouped = forms.ChoiceField(
        choices=[("Fruit", [("apple", "Apple"), ("pear", "Pear")]), ("none", "None")],
        required=False,
    )
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", 'Y "quoted"')], required=False)
    flagged = forms.CharField(
        widget=forms.TextInput(attrs={"disabled": True, "readonly": False, "data-x": "<b>"}),
        required=False,
    )


@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "text": 'a "quoted" <value> & more',
            "number": "12",
            "email": "not an email",
            "url": "https://example.org/?a=1&b=2",
            "password": "s3cret",
            "hidden": "h",
            "date": "2026-11-26",
            "when": "2026-11-26 10:00",
            "time": "10:00",
            "search": "peer mentors",
            "tel": "0123",
            "colour": "#ffffff",
            "agree": "on",
            "choice": "1",
            "grouped": "pear",
            "many": ["x", "y"],
            "flagged": "x",
        },
    ],
)
def test_plain_widgets_render_in_python_exactly_as_djangos_templates_do(data):
    form = _EveryWidget(data=data)
    form.is_valid()
    templates = TemplatesSetting()
    for field in form:
        widget = field.field.widget
        attrs = field.build_widget_attrs({"class": "govuk-input"}, widget)
        attrs["id"] = field.auto_id
        context = widget.get_context(field.html_name, field.value(), attrs)
        assert widget.template_name in FAST_WIDGETS, widget.template_name
        fast = GovukFormRenderer().render(widget.template_name, context)
        slow = templates.render(widget.template_name, context)
        assert fast == slow, field.name


def test_a_widget_without_a_python_version_still_renders_by_template():
    html = str(forms.Textarea().render("notes", "x < y", renderer=GovukFormRenderer()))
    assert html == '<textarea name="notes" cols="40" rows="10">\nx &lt; y</textarea>'
