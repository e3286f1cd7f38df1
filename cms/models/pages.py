"""Home, standard pages and the programme pages that list live sessions from training."""

from django import forms
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from cms.blocks import BODY_BLOCKS, RouteBlock
from cms.page_cache import CachedForAnonymousMixin
from training.enums import CourseKind


class HomePage(CachedForAnonymousMixin, Page):
    """The programme's front page: what the portal is for and the routes into it."""

    intro = RichTextField(blank=True)
    routes = StreamField(
        [("route", RouteBlock())],
        blank=True,
        help_text="Routes into training, qualifications, the awards and the library.",
    )
    body = StreamField(BODY_BLOCKS, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("routes"),
        FieldPanel("body"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.StandardPage",
        "cms.ProgrammeIndexPage",
        "cms.AwardsPage",
        "cms.CaseStudyIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import recent_case_studies

        context = super().get_context(request, *args, **kwargs)
        context["recent_case_studies"] = recent_case_studies(limit=3)
        return context


class StandardPage(CachedForAnonymousMixin, Page):
    """A plain content page: guidance, how to enter, about the programme."""

    intro = RichTextField(blank=True)
    body = StreamField(BODY_BLOCKS, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = [
        "cms.HomePage",
        "cms.StandardPage",
        "cms.ProgrammeIndexPage",
        "cms.AwardsPage",
    ]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = "standard page"


class ProgrammeIndexPage(CachedForAnonymousMixin, Page):
    """``/programme/``: the strands of the learning programme."""

    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ProgrammePage", "cms.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = "programme index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["strands"] = ProgrammePage.objects.child_of(self).live().public().order_by("path")
        return context


class ProgrammePage(CachedForAnonymousMixin, Page):
    """A strand of the programme (masterclasses, the qualification) with its live sessions.

    Sessions come from training's catalogue: those of the chosen courses if any are
    chosen, otherwise those of the chosen kind, otherwise every upcoming session.
    """

    intro = RichTextField(blank=True)
    body = StreamField(BODY_BLOCKS, blank=True)
    course_kind = models.CharField(
        "type of course",
        max_length=30,
        choices=CourseKind.choices,
        blank=True,
        help_text="List upcoming sessions of this type of course.",
    )
    courses = ParentalManyToManyField(
        "training.Course",
        blank=True,
        related_name="+",
        help_text="Or list only these courses' sessions (this wins over the type).",
    )
    sessions_heading = models.CharField(max_length=100, default="Upcoming sessions")

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("sessions_heading"),
                FieldPanel("course_kind"),
                FieldPanel("courses", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Sessions from training",
        ),
    ]
    parent_page_types = ["cms.ProgrammeIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "programme page"

    def get_context(self, request, *args, **kwargs):
        # The page is the view here (Wagtail serves it); the request handling lives in views.
        from cms.views import programme_sessions_context

        context = super().get_context(request, *args, **kwargs)
        context.update(programme_sessions_context(request, self))
        return context
