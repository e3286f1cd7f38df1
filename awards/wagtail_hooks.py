"""The Wagtail admin's "POP awards" menu: cycles, categories, judging rounds and rubrics.

Awards coordinators (and superusers) use it. Every save goes through
``awards.services.cycles`` (the same functions as everywhere else), so the date
order, the word limit and the partner rules that entrants worked to, and the
rubric once judging opens, hold from here too. Cycles, categories and rounds are
never deleted here (entries depend on them); criteria are, while their round is
being set up.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import HttpResponseRedirect
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from awards.models import Category, Criterion, Cycle, Round
from awards.rules import is_coordinator
from awards.services import AwardsError
from awards.services.cycles import (
    create_cycle,
    delete_criterion,
    save_category,
    save_criterion,
    update_cycle,
    update_round,
)
from people.enums import OrganisationType, Role

User = get_user_model()

# Which form field a refusal belongs to.
ERROR_FIELDS = {
    "dates": None,
    "word_limit_fixed": "word_limit",
    "rules_fixed": "required_organisation_types",
    "round_open": None,
    "weight": "weight",
}


class CoordinatorPermissionPolicy(ModelPermissionPolicy):
    """Awards coordinators and superusers manage the model. Nobody deletes unless
    ``deletable``; nobody adds unless ``addable`` (rounds come with their cycle)."""

    def __init__(self, model, *, deletable: bool = False, addable: bool = True):
        super().__init__(model)
        self.deletable = deletable
        self.addable = addable

    def _refused(self, action) -> bool:
        return (action == "delete" and not self.deletable) or (action == "add" and not self.addable)

    def user_has_permission(self, user, action):
        if self._refused(action):
            return False
        if user.is_active and is_coordinator(user):
            return True
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [a for a in actions if not self._refused(a)]
        team = Q(is_active=True) & (
            Q(is_superuser=True) | Q(groups__name=Role.AWARDS_COORDINATOR.value)
        )
        by_permission = self._get_users_with_any_permission_codenames_filter(
            self._get_permission_codenames(actions)
        )
        return User.objects.filter(team | by_permission).distinct()


register_permission_policy(Cycle, CoordinatorPermissionPolicy(Cycle))
register_permission_policy(Category, CoordinatorPermissionPolicy(Category))
register_permission_policy(Round, CoordinatorPermissionPolicy(Round, addable=False))
register_permission_policy(Criterion, CoordinatorPermissionPolicy(Criterion, deletable=True))


class ServiceSaveMixin:
    """Save through an awards service; a refusal becomes an error on the form."""

    def call_service(self):
        raise NotImplementedError

    def form_valid(self, form):
        self.form = form
        try:
            self.object = self.call_service()
        except AwardsError as error:
            field = ERROR_FIELDS.get(error.code)
            form.add_error(field if field in form.fields else None, str(error))
            self.produced_error_code = "validation_error"
            self.produced_error_message = str(error)
            return self.form_invalid(form)
        response = self.save_action()
        hook_response = self.run_after_hook()
        return hook_response if hook_response is not None else response


# --- cycles ----------------------------------------------------------------------------


class CycleAdminForm(WagtailAdminModelForm):
    round1_opens_on = forms.DateField(label="Round 1 judging opens", required=False)
    round1_closes_on = forms.DateField(label="Round 1 judging closes", required=False)
    round2_opens_on = forms.DateField(label="Round 2 (finalists) opens", required=False)
    round2_closes_on = forms.DateField(label="Round 2 (finalists) closes", required=False)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            for name in (
                "round1_opens_on",
                "round1_closes_on",
                "round2_opens_on",
                "round2_closes_on",
            ):
                if not cleaned.get(name):
                    self.add_error(name, "Enter the date.")
        return cleaned


class CycleCreateView(ServiceSaveMixin, generic.CreateView):
    success_message = "Awards cycle '%(object)s' created with its rounds, rubrics and categories."

    def call_service(self):
        data = self.form.cleaned_data
        return create_cycle(
            name=data["name"],
            entries_open_at=data["entries_open_at"],
            entries_close_at=data["entries_close_at"],
            ceremony_on=data["ceremony_on"],
            judging=[
                (data["round1_opens_on"], data["round1_closes_on"]),
                (data["round2_opens_on"], data["round2_closes_on"]),
            ],
            word_limit=data["word_limit"],
            finalists_target=data["finalists_target"],
            by=self.request.user,
        )


class CycleEditView(ServiceSaveMixin, generic.EditView):
    success_message = "Awards cycle '%(object)s' changed."

    def call_service(self):
        data = self.form.cleaned_data
        return update_cycle(
            cycle=self.object,
            by=self.request.user,
            **{
                name: data[name]
                for name in (
                    "name",
                    "entries_open_at",
                    "entries_close_at",
                    "ceremony_on",
                    "word_limit",
                    "finalists_target",
                )
            },
        )


CYCLE_PANELS = [
    FieldPanel("name"),
    FieldRowPanel([FieldPanel("entries_open_at"), FieldPanel("entries_close_at")]),
    FieldPanel("ceremony_on"),
    FieldRowPanel([FieldPanel("word_limit"), FieldPanel("finalists_target")]),
]


class CycleViewSet(ModelViewSet):
    model = Cycle
    name = "awards_cycle"
    url_prefix = "awards/cycles"
    icon = "date"
    menu_label = "Cycles"
    add_view_class = CycleCreateView
    edit_view_class = CycleEditView
    list_display = ["name", "entries_open_at", "entries_close_at", "ceremony_on"]
    search_fields = ["name"]
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList(CYCLE_PANELS, base_form_class=CycleAdminForm)
    add_handler = ObjectList(
        [
            *CYCLE_PANELS,
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("round1_opens_on"), FieldPanel("round1_closes_on")]),
                    FieldRowPanel([FieldPanel("round2_opens_on"), FieldPanel("round2_closes_on")]),
                ],
                heading="Judging rounds",
                help_text="The two rounds are created with the default rubrics; change them "
                "under Rounds and Criteria.",
            ),
        ],
        base_form_class=CycleAdminForm,
    )

    def get_add_view_kwargs(self, **kwargs):
        panel = self.add_handler.bind_to_model(self.model)
        return super().get_add_view_kwargs(panel=panel, form_class=panel.get_form_class(), **kwargs)


# --- categories ------------------------------------------------------------------------


class CategoryAdminForm(WagtailAdminModelForm):
    required_organisation_types = forms.MultipleChoiceField(
        label="Partners of these types are required",
        choices=OrganisationType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Every entry in the category needs a partner of each type ticked.",
    )


class CategoryCreateView(ServiceSaveMixin, generic.CreateView):
    success_message = "Category '%(object)s' added."

    def call_service(self):
        data = self.form.cleaned_data
        return save_category(
            cycle=data["cycle"],
            by=self.request.user,
            name=data["name"],
            description=data["description"],
            required_organisation_types=list(data["required_organisation_types"]),
            required_organisations=list(data["required_organisations"]),
            order=data["order"],
        )


class CategoryEditView(ServiceSaveMixin, generic.EditView):
    success_message = "Category '%(object)s' changed."

    def call_service(self):
        data = self.form.cleaned_data
        original = Category.objects.get(pk=self.object.pk)
        return save_category(
            cycle=original.cycle,
            category=original,
            by=self.request.user,
            name=data["name"],
            description=data["description"],
            required_organisation_types=list(data["required_organisation_types"]),
            required_organisations=list(data["required_organisations"]),
            order=data["order"],
        )


class CategoryViewSet(ModelViewSet):
    model = Category
    name = "awards_category"
    url_prefix = "awards/categories"
    icon = "tag"
    menu_label = "Categories"
    add_view_class = CategoryCreateView
    edit_view_class = CategoryEditView
    list_display = ["name", "cycle"]
    list_filter = ["cycle"]
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("cycle"),
            FieldPanel("name"),
            FieldPanel("description"),
            FieldPanel("required_organisation_types"),
            FieldPanel("required_organisations"),
            FieldPanel("order"),
        ],
        base_form_class=CategoryAdminForm,
    )


# --- rounds ----------------------------------------------------------------------------


class RoundEditView(ServiceSaveMixin, generic.EditView):
    success_message = "'%(object)s' changed."

    def call_service(self):
        data = self.form.cleaned_data
        return update_round(
            round=Round.objects.get(pk=self.object.pk),
            by=self.request.user,
            name=data["name"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            judges_per_entry=data["judges_per_entry"],
            score_visibility=data["score_visibility"],
            anonymised=data["anonymised"],
        )


class RoundViewSet(ModelViewSet):
    model = Round
    name = "awards_round"
    url_prefix = "awards/rounds"
    icon = "list-ol"
    menu_label = "Judging rounds"
    edit_view_class = RoundEditView
    list_display = ["name", "cycle", "status", "opens_on", "closes_on"]
    list_filter = ["cycle", "status"]
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")]),
            FieldPanel("judges_per_entry"),
            FieldPanel("score_visibility"),
            FieldPanel("anonymised"),
        ]
    )


# --- criteria --------------------------------------------------------------------------


class CriterionAdminForm(WagtailAdminModelForm):
    def validate_constraints(self):
        # save_criterion validates the row itself, after unmarking the round's other
        # tie-break criterion; checking here first would refuse a legitimate switch.
        return None


class CriterionCreateView(ServiceSaveMixin, generic.CreateView):
    success_message = "Criterion '%(object)s' added."

    def call_service(self):
        data = self.form.cleaned_data
        return save_criterion(
            round=data["round"],
            by=self.request.user,
            title=data["title"],
            weight=data["weight"],
            guidance=data["guidance"],
            order=data["order"],
            is_tie_break=data["is_tie_break"],
        )


class CriterionEditView(ServiceSaveMixin, generic.EditView):
    success_message = "Criterion '%(object)s' changed."

    def call_service(self):
        data = self.form.cleaned_data
        original = Criterion.objects.get(pk=self.object.pk)
        return save_criterion(
            round=original.round,
            criterion=original,
            by=self.request.user,
            title=data["title"],
            weight=data["weight"],
            guidance=data["guidance"],
            order=data["order"],
            is_tie_break=data["is_tie_break"],
        )


class CriterionDeleteView(generic.DeleteView):
    def form_valid(self, form):
        from django.contrib import messages

        try:
            delete_criterion(criterion=self.object, by=self.request.user)
        except AwardsError as error:
            messages.error(self.request, str(error))
            return HttpResponseRedirect(self.get_success_url())
        messages.success(self.request, f"Criterion '{self.object}' deleted.")
        return HttpResponseRedirect(self.get_success_url())


class CriterionViewSet(ModelViewSet):
    model = Criterion
    name = "awards_criterion"
    url_prefix = "awards/criteria"
    icon = "form"
    menu_label = "Rubric criteria"
    add_view_class = CriterionCreateView
    edit_view_class = CriterionEditView
    delete_view_class = CriterionDeleteView
    list_display = ["title", "round", "weight", "is_tie_break"]
    list_filter = ["round__cycle", "round"]
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("round"),
            FieldPanel("title"),
            FieldPanel("guidance"),
            FieldRowPanel([FieldPanel("weight"), FieldPanel("order")]),
            FieldPanel("is_tie_break"),
        ],
        base_form_class=CriterionAdminForm,
    )


class AwardsViewSetGroup(ModelViewSetGroup):
    menu_label = "POP awards"
    menu_icon = "pick"
    menu_order = 260
    items = (CycleViewSet, CategoryViewSet, RoundViewSet, CriterionViewSet)


@hooks.register("register_admin_viewset")
def register_awards_viewsets():
    return AwardsViewSetGroup()


@hooks.register("pop_awards_current_cycle")
def current_cycle_for_the_awards_page(request):
    """The running cycle's dates for the CMS awards page (``cms.awards_cycle`` reads this)."""
    from django.urls import reverse

    from awards.selectors import cycles_for_entrants

    cycles = cycles_for_entrants()
    if not cycles:
        return None
    cycle = cycles[0]
    talk = cycle.guidance_session
    open_now = cycle.is_open_for_entries()
    return {
        "name": cycle.name,
        "dates": [
            ("Entries open", cycle.entries_open_at),
            ("Submission guidance talk", talk.starts_at if talk else None),
            ("Entries close", cycle.entries_close_at),
            ("Awards ceremony", cycle.ceremony_on),
        ],
        "enter_url": reverse("awards:entry_start", args=[cycle.pk]) if open_now else None,
        "entries_open": open_now,
    }
