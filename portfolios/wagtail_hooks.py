"""The Wagtail admin's "Qualifications" menu: qualifications (units and criteria inline),
cohorts and IQA sampling plans. Saves go through ``portfolios.services``."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from people.enums import Rank, Role
from people.rules import is_admin
from portfolios.models import Cohort, Qualification, SamplingPlan, Unit
from portfolios.services import PortfoliosError
from portfolios.services.iqa import set_sampling_plan
from portfolios.services.qualifications import criteria_text, parse_criteria, save_qualification

User = get_user_model()


class ProgrammeTeamPolicy(ModelPermissionPolicy):
    """Programme administrators and superusers manage these; nobody deletes qualifications."""

    def user_has_permission(self, user, action):
        if action == "delete" and self.model is Qualification:
            return False
        if user.is_active and is_admin(user):
            return True
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        team = Q(is_active=True) & (
            Q(is_superuser=True) | Q(groups__name=Role.PROGRAMME_ADMIN.value)
        )
        return User.objects.filter(team).distinct()


for _model in (Qualification, Cohort, SamplingPlan):
    register_permission_policy(_model, ProgrammeTeamPolicy(_model))


class UnitForm(WagtailAdminModelForm):
    """A unit with its assessment criteria, one per line ("1.1 Explain ...")."""

    criteria = forms.CharField(
        label="Assessment criteria",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One per line, starting with its number, e.g. “1.1 Explain the purpose of "
        "neighbourhood policing.” A criterion with evidence mapped to it cannot be removed.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["criteria"].initial = criteria_text(self.instance)

    def clean_criteria(self):
        try:
            parse_criteria(self.cleaned_data["criteria"])
        except PortfoliosError as error:
            raise forms.ValidationError(str(error)) from error
        return self.cleaned_data["criteria"]


Unit.panels = [
    FieldRowPanel([FieldPanel("code"), FieldPanel("title")]),
    FieldPanel("criteria", required_on_save=True),
]


class UnitsPanel(InlinePanel):
    """The units inline, whose forms are ``UnitForm`` (with the criteria box)."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = UnitForm
        return options


class QualificationForm(WagtailAdminModelForm):
    eligible_ranks = forms.TypedMultipleChoiceField(
        label="Ranks who may enrol",
        choices=Rank.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ServiceSaveMixin:
    """Save through a portfolios service; a refusal becomes an error on the form."""

    def save_through_service(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        self.form = form
        try:
            self.object = self.save_through_service(form)
        except PortfoliosError as error:
            form.add_error(None, str(error))
            self.produced_error_code = "validation_error"
            self.produced_error_message = str(error)
            return self.form_invalid(form)
        response = self.save_action()
        hook_response = self.run_after_hook()
        return hook_response if hook_response is not None else response


class QualificationSaveMixin(ServiceSaveMixin):
    def save_through_service(self, form):
        """Units from the inline (in memory), criteria parsed per unit, then the courses."""
        qualification = form.save(commit=False)
        units = form.formsets["units"]
        criteria = [
            (f.instance, f.cleaned_data.get("criteria", ""))
            for f in units.forms
            if f not in units.deleted_forms and f.cleaned_data
        ]
        qualification = save_qualification(
            qualification=qualification, criteria_by_unit=criteria, by=self.request.user
        )
        form.save_m2m()
        return qualification


class QualificationViewSet(ModelViewSet):
    model = Qualification
    name = "portfolios_qualification"
    url_prefix = "portfolios/qualifications"
    icon = "doc-full"
    menu_label = "Qualifications"
    list_display = ["title", "level", "awarding_body", "fee", "is_active"]
    list_filter = ["is_active", "level"]
    search_fields = ["title"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("title"), FieldPanel("level")]),
            FieldRowPanel([FieldPanel("awarding_body"), FieldPanel("fee")]),
            FieldRowPanel([FieldPanel("months_allowed"), FieldPanel("classroom_days_required")]),
            MultiFieldPanel(
                [
                    FieldPanel("eligible_ranks"),
                    FieldPanel("classroom_courses"),
                    FieldPanel("is_active"),
                ],
                heading="Who and what",
            ),
            UnitsPanel("units", label="Unit", heading="Units and assessment criteria"),
        ],
        base_form_class=QualificationForm,
    )

    add_view_class = type(
        "QualificationCreateView", (QualificationSaveMixin, generic.CreateView), {}
    )
    edit_view_class = type("QualificationEditView", (QualificationSaveMixin, generic.EditView), {})


class CohortViewSet(ModelViewSet):
    model = Cohort
    name = "portfolios_cohort"
    url_prefix = "portfolios/cohorts"
    icon = "group"
    menu_label = "Cohorts"
    list_display = ["name", "qualification", "starts_on"]
    list_filter = ["qualification"]
    form_fields = ["name", "qualification", "starts_on"]
    copy_view_enabled = False


class SamplingPlanSaveMixin(ServiceSaveMixin):
    def save_through_service(self, form):
        return set_sampling_plan(
            assessor=form.cleaned_data["assessor"],
            new_assessor_decisions=form.cleaned_data["new_assessor_decisions"],
            rate_percent=form.cleaned_data["rate_percent"],
            by=self.request.user,
        )


class SamplingPlanViewSet(ModelViewSet):
    model = SamplingPlan
    name = "portfolios_sampling"
    url_prefix = "portfolios/sampling"
    icon = "tasks"
    menu_label = "IQA sampling plans"
    list_display = ["assessor", "new_assessor_decisions", "rate_percent"]
    form_fields = ["assessor", "new_assessor_decisions", "rate_percent"]
    copy_view_enabled = False

    add_view_class = type("PlanCreateView", (SamplingPlanSaveMixin, generic.CreateView), {})
    edit_view_class = type("PlanEditView", (SamplingPlanSaveMixin, generic.EditView), {})


class PortfoliosGroup(ModelViewSetGroup):
    menu_label = "Qualifications"
    menu_icon = "doc-full"
    menu_order = 210
    items = (QualificationViewSet, CohortViewSet, SamplingPlanViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return PortfoliosGroup()
