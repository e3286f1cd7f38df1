from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    """``{{ form }}`` renders every field as a GOV.UK form group."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
