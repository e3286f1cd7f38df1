"""The Wagtail admin's "Training" menu: venues, courses, course requirements and sessions.

Programme administrators (and superusers) manage these here, and every write goes
through a service: sessions are created, changed and cancelled through
``training.services.scheduling`` (the same functions the trainers' pages call, so
the venue-clash, trainer-overlap, capacity, clock-change and approval rules hold
from the admin too); venues, courses and requirements are saved and deleted
through ``training.services.programme``. Each write is audited by its service, and
a refusal comes back as an error on the form. Sessions are never deleted here:
they are cancelled, which tells everyone booked.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import Button
from wagtail.admin.widgets.button import MenuItem as ButtonMenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.concurrency import VersionField, refresh_version, version_of
from people.enums import Function, Rank, Role
from people.rules import is_admin
from training.models import Course, CourseRequirement, Session, Venue
from training.services import TrainingError
from training.services.programme import (
    delete_programme_record,
    save_course,
    save_requirement,
    save_venue,
)
from training.services.scheduling import cancel_session, schedule_session, update_session

User = get_user_model()


# --- who may use these screens ---------------------------------------------------------


class ProgrammeTeamPermissionPolicy(ModelPermissionPolicy):
    """Programme administrators and superusers manage the model; model permissions also count.

    ``no_delete``: nobody deletes through the admin (sessions are cancelled instead).
    """

    def __init__(self, model, *, no_delete: bool = False):
        super().__init__(model)
        self.no_delete = no_delete

    def user_has_permission(self, user, action):
        if action == "delete" and self.no_delete:
            return False
        if user.is_active and is_admin(user):
            return True
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [a for a in actions if not (a == "delete" and self.no_delete)]
        team = Q(is_active=True) & (
            Q(is_superuser=True) | Q(groups__name=Role.PROGRAMME_ADMIN.value)
        )
        by_permission = self._get_users_with_any_permission_codenames_filter(
            self._get_permission_codenames(actions)
        )
        return User.objects.filter(team | by_permission).distinct()


# Registered before the viewsets below so Wagtail uses them instead of its fallback.
register_permission_policy(Venue, ProgrammeTeamPermissionPolicy(Venue))
register_permission_policy(Course, ProgrammeTeamPermissionPolicy(Course))
register_permission_policy(CourseRequirement, ProgrammeTeamPermissionPolicy(CourseRequirement))
register_permission_policy(Session, ProgrammeTeamPermissionPolicy(Session, no_delete=True))


# --- forms -----------------------------------------------------------------------------


def _rank_field(label: str, help_text: str) -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=label,
        choices=Rank.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


def _function_field(label: str, help_text: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=Function.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


def _trainers() -> Q:
    return Q(groups__name=Role.TRAINER.value, is_active=True)


class CourseAdminForm(WagtailAdminModelForm):
    """Audience ranks and functions are lists of values; choose them as checkboxes."""

    audience_ranks = _rank_field("Ranks who may book", "None ticked: every rank.")
    audience_functions = _function_field("Functions who may book", "None ticked: every function.")
    # What the editor saw: a save over someone else's change meanwhile is refused.
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = version_of(self.instance)
        current = (
            list(self.instance.approved_trainers.values_list("pk", flat=True))
            if (self.instance.pk)
            else []
        )
        field = self.fields["approved_trainers"]
        field.queryset = (
            User.objects.filter(_trainers() | Q(pk__in=current))
            .order_by("last_name", "first_name")
            .distinct()
        )
        field.help_text = (
            "People with the trainer role who may schedule and deliver this course. The "
            "course's requirement does not apply to them, and they are not invited to book it."
        )


class CourseRequirementAdminForm(WagtailAdminModelForm):
    ranks = _rank_field("Required for these ranks", "None ticked: every rank.")
    functions = _function_field("Required for these functions", "None ticked: every function.")


class SessionAdminForm(WagtailAdminModelForm):
    """The fields a session is scheduled with; the rules are the scheduling service's."""

    # What the editor saw: a save over someone else's change meanwhile is refused.
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = version_of(self.instance)
        current = (
            list(self.instance.trainers.values_list("pk", flat=True)) if (self.instance.pk) else []
        )
        self.fields["trainers"].queryset = (
            User.objects.filter(_trainers() | Q(pk__in=current))
            .order_by("last_name", "first_name")
            .distinct()
        )
        self.fields["subject_matter_experts"].queryset = User.objects.filter(
            is_active=True
        ).order_by("last_name", "first_name")
        self.fields["starts_at"].help_text = "UK time. The session ends after the course's length."
        self.fields["capacity"].help_text = "No more than the venue holds."
        if self.instance.pk:
            self.fields["course"].disabled = True
            self.fields[
                "course"
            ].help_text = "A session's course cannot be changed: cancel it and schedule another."


# Which form field a refusal from a service belongs to (None: the whole form).
ERROR_FIELDS = {
    "not_approved": "course",
    "inactive_course": "course",
    "capacity": "capacity",
    "capacity_below_taken": "capacity",
    "venue_clash": "venue",
    "trainer_overlap": "trainers",
    "expert_overlap": "subject_matter_experts",
    "past": "starts_at",
    "too_far": "starts_at",
    "no_such_time": "starts_at",
    "ambiguous_time": "starts_at",
    "booking_window": "booking_closes_at",
    "venue_capacity": "capacity",
    "duration_in_use": "duration_minutes",
}


class ServiceFormMixin:
    """Save through a service (``call_service``); a refusal becomes an error on the form."""

    def call_service(self):
        raise NotImplementedError

    def form_valid(self, form):
        self.form = form
        try:
            self.object = self.call_service()
        except TrainingError as error:
            field = ERROR_FIELDS.get(error.code)
            form.add_error(field if field in form.fields else None, str(error))
            if error.code == "stale":
                # Keep what they typed; saving again deliberately replaces the other change.
                refresh_version(form, self.object)
            self.produced_error_code = "validation_error"
            self.produced_error_message = str(error)
            return self.form_invalid(form)
        response = self.save_action()
        hook_response = self.run_after_hook()
        return hook_response if hook_response is not None else response


class SessionServiceMixin(ServiceFormMixin):
    def session_values(self) -> dict:
        data = self.form.cleaned_data
        return {
            "venue": data["venue"],
            "starts_at": data["starts_at"],
            "capacity": data["capacity"],
            "trainers": list(data["trainers"]),
            "experts": list(data["subject_matter_experts"]),
            "booking_opens_at": data.get("booking_opens_at"),
            "booking_closes_at": data.get("booking_closes_at"),
            "notes": data.get("notes", ""),
            "by": self.request.user,
        }


class ServiceDeleteView(generic.DeleteView):
    """Delete through ``programme.delete_programme_record`` (audited; refused when in use)."""

    def form_valid(self, form):
        success_url = self.get_success_url()
        try:
            delete_programme_record(obj=self.object, by=self.request.user)
        except TrainingError as error:
            messages.error(self.request, str(error))
            return redirect(self.get_success_url())
        messages.success(self.request, self.get_success_message())
        hook_response = self.run_after_hook()
        return hook_response if hook_response is not None else redirect(success_url)


class VenueCreateView(ServiceFormMixin, generic.CreateView):
    def call_service(self):
        return save_venue(venue=self.form.instance, by=self.request.user)


class VenueEditView(ServiceFormMixin, generic.EditView):
    def call_service(self):
        return save_venue(venue=self.form.instance, by=self.request.user)


class _CourseSave(ServiceFormMixin):
    def call_service(self):
        data = self.form.cleaned_data
        return save_course(
            course=self.form.instance,
            by=self.request.user,
            partner_organisations=data.get("partner_organisations", ()),
            prerequisites=data.get("prerequisites", ()),
            approved_trainers=data.get("approved_trainers", ()),
            seen_version=data.get("version"),
        )


class CourseCreateView(_CourseSave, generic.CreateView):
    pass


class CourseEditView(_CourseSave, generic.EditView):
    pass


class RequirementCreateView(ServiceFormMixin, generic.CreateView):
    def call_service(self):
        return save_requirement(requirement=self.form.instance, by=self.request.user)


class RequirementEditView(ServiceFormMixin, generic.EditView):
    def call_service(self):
        return save_requirement(requirement=self.form.instance, by=self.request.user)


class SessionCreateView(SessionServiceMixin, generic.CreateView):
    success_message = "Session '%(object)s' scheduled. The trainers have been sent notice."

    def call_service(self):
        return schedule_session(course=self.form.cleaned_data["course"], **self.session_values())


class SessionEditView(SessionServiceMixin, generic.EditView):
    success_message = "Session '%(object)s' changed. Everyone affected has been told."

    def call_service(self):
        return update_session(
            session=self.object,
            seen_version=self.form.cleaned_data.get("version"),
            **self.session_values(),
        )

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.object.can_still_change():
            buttons.append(
                Button(
                    "Cancel session",
                    url=reverse("training_session:cancel", args=[self.object.pk]),
                    icon_name="cross",
                    priority=20,
                )
            )
        return buttons


class SessionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("course", "venue")

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.can_still_change():
            buttons.append(
                ButtonMenuItem(
                    "Cancel session",
                    url=reverse("training_session:cancel", args=[instance.pk]),
                    icon_name="cross",
                    priority=30,
                )
            )
        return buttons


class CancelSessionAdminForm(forms.Form):
    reason = forms.CharField(
        label="Why is the session being cancelled?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Everyone booked is emailed this reason, and every booking is cancelled.",
    )


class SessionCancelView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Cancel a session through the scheduling service (confirmation with a reason)."""

    model = Session
    permission_required = "change"
    form_class = CancelSessionAdminForm
    template_name = "wagtailadmin/generic/form.html"
    page_title = "Cancel session"
    header_icon = "calendar-alt"
    index_url_name = "training_session:index"
    edit_url_name = "training_session:edit"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            Session.objects.select_related("course", "venue"), pk=kwargs["pk"]
        )

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": "Sessions"},
            {"url": "", "label": "Cancel session"},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_url"] = reverse("training_session:cancel", args=[self.object.pk])
        context["submit_button_label"] = "Cancel the session"
        context["submit_button_active_label"] = "Cancelling…"
        context["media"] = context["form"].media
        return context

    def form_valid(self, form):
        try:
            cancel_session(
                session=self.object, by=self.request.user, reason=form.cleaned_data["reason"]
            )
        except TrainingError as error:
            if error.code == "not_allowed":
                raise PermissionDenied from error
            form.add_error("reason", str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Session '{self.object}' cancelled. Everyone booked and the staff have been told.",
        )
        return redirect(self.index_url_name)


# --- viewsets ---------------------------------------------------------------------------


class VenueViewSet(ModelViewSet):
    model = Venue
    name = "training_venue"
    url_prefix = "training/venues"
    icon = "site"
    menu_label = "Venues"
    list_display = ["name", "district", "capacity"]
    list_filter = ["district"]
    search_fields = ["name", "address"]
    form_fields = ["name", "district", "address", "capacity", "accessibility_notes"]
    copy_view_enabled = False
    add_view_class = VenueCreateView
    edit_view_class = VenueEditView
    delete_view_class = ServiceDeleteView


class CourseViewSet(ModelViewSet):
    model = Course
    name = "training_course"
    url_prefix = "training/courses"
    icon = "clipboard-list"
    menu_label = "Courses"
    list_display = ["title", "kind", "duration_minutes", "is_active"]
    list_filter = ["kind", "is_active", "requires_manager_approval"]
    search_fields = ["title", "summary"]
    copy_view_enabled = False
    add_view_class = CourseCreateView
    edit_view_class = CourseEditView
    delete_view_class = ServiceDeleteView
    edit_handler = ObjectList(
        [
            FieldPanel("kind"),
            FieldPanel("title"),
            FieldPanel("summary"),
            FieldRowPanel([FieldPanel("duration_minutes"), FieldPanel("is_active")]),
            FieldPanel("may_repeat"),
            MultiFieldPanel(
                [
                    FieldPanel("audience_ranks"),
                    FieldPanel("audience_functions"),
                    FieldPanel("open_to_all_partners"),
                    FieldPanel("partner_organisations"),
                    FieldPanel("prerequisites"),
                ],
                heading="Who may book",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("requires_manager_approval"),
                    FieldPanel("booking_cutoff_hours"),
                    FieldPanel("duties_notice_days"),
                    FieldPanel("abstraction_cap_per_team"),
                ],
                heading="Booking and abstraction",
            ),
            FieldPanel("approved_trainers"),
            FieldPanel("version"),
        ],
        base_form_class=CourseAdminForm,
    )


class CourseRequirementViewSet(ModelViewSet):
    """Mandatory rules. (An inline on the course would need CourseRequirement.course to be a
    ParentalKey and Course a ClusterableModel; until then they are edited here.)"""

    model = CourseRequirement
    name = "training_requirement"
    url_prefix = "training/requirements"
    icon = "tasks"
    menu_label = "Course requirements"
    list_display = ["course", "within_months", "renewal_months"]
    list_filter = ["course"]
    copy_view_enabled = False
    add_view_class = RequirementCreateView
    edit_view_class = RequirementEditView
    delete_view_class = ServiceDeleteView
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            FieldPanel("ranks"),
            FieldPanel("functions"),
            FieldRowPanel([FieldPanel("within_months"), FieldPanel("renewal_months")]),
        ],
        base_form_class=CourseRequirementAdminForm,
    )


class SessionViewSet(ModelViewSet):
    model = Session
    name = "training_session"
    url_prefix = "training/sessions"
    icon = "calendar-alt"
    menu_label = "Sessions"
    index_view_class = SessionIndexView
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    list_display = ["course", "starts_at", "venue", "capacity", "status"]
    list_filter = ["status", "course", "venue"]
    ordering = ["-starts_at"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            FieldPanel("venue"),
            FieldRowPanel([FieldPanel("starts_at"), FieldPanel("capacity")]),
            FieldPanel("trainers", widget=forms.CheckboxSelectMultiple),
            FieldPanel("subject_matter_experts"),
            FieldRowPanel([FieldPanel("booking_opens_at"), FieldPanel("booking_closes_at")]),
            FieldPanel("notes"),
            FieldPanel("version"),
        ],
        base_form_class=SessionAdminForm,
    )

    @property
    def cancel_view(self):
        return self.construct_view(SessionCancelView)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("cancel/<int:pk>/", self.cancel_view, name="cancel"),
        ]


class TrainingViewSetGroup(ModelViewSetGroup):
    menu_label = "Training"
    menu_icon = "calendar"
    menu_order = 250
    items = (SessionViewSet, CourseViewSet, CourseRequirementViewSet, VenueViewSet)


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    return TrainingViewSetGroup()
