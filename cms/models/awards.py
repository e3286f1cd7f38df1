"""The POP awards information page, the past winners archive and a winners page per cycle.

The awards app owns cycles, entries and results; these pages only show them. The
current cycle's dates come through the ``cms.awards_cycle`` hook point, and winners
pages are created from results by ``cms.services.create_winners_page``.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page

from cms.blocks import BODY_BLOCKS, CategoryBlock
from cms.enums import PLACING_TAG_CLASS, Placing
from cms.page_cache import CachedForAnonymousMixin


class AwardsPage(CachedForAnonymousMixin, Page):
    """``/pop-awards/``: how to enter, the categories and their rules, the guidance talk."""

    intro = RichTextField(blank=True)
    how_to_enter = RichTextField(blank=True)
    categories = StreamField([("category", CategoryBlock())], blank=True)
    rules = RichTextField("rules for every entry", blank=True)
    guidance_talk = RichTextField("the submission guidance talk", blank=True)
    guidance_course = models.ForeignKey(
        "training.Course",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The course whose upcoming sessions are the guidance talks (optional).",
    )
    body = StreamField(BODY_BLOCKS, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("how_to_enter"),
        FieldPanel("categories"),
        FieldPanel("rules"),
        MultiFieldPanel(
            [FieldPanel("guidance_talk"), FieldPanel("guidance_course")],
            heading="Guidance talk",
        ),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.WinnersArchivePage", "cms.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = "awards page"

    def get_context(self, request, *args, **kwargs):
        from cms.views import awards_context

        context = super().get_context(request, *args, **kwargs)
        context.update(awards_context(request, self))
        return context


class WinnersArchivePage(CachedForAnonymousMixin, Page):
    """``/pop-awards/past-winners/``: every cycle's winners page, newest first."""

    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.AwardsPage"]
    subpage_types = ["cms.WinnersPage"]
    max_count = 1

    class Meta:
        verbose_name = "past winners archive"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["cycles"] = (
            WinnersPage.objects.child_of(self).live().public().order_by("-year", "-path")
        )
        return context


class WinnersPage(CachedForAnonymousMixin, Page):
    """One awards cycle's results: gold, silver, bronze and the finalists, by category."""

    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    ceremony_on = models.DateField("ceremony date", null=True, blank=True)
    intro = RichTextField(blank=True)
    cycle_reference = models.CharField(
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="The awards cycle these results came from (set by the awards app).",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("year"),
        FieldPanel("ceremony_on"),
        FieldPanel("intro"),
        InlinePanel("placings", label="Place", heading="Results"),
    ]
    parent_page_types = ["cms.WinnersArchivePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "winners page"

    def results_by_category(self) -> list[tuple[str, list["WinnerPlacing"]]]:
        """[(category, placings from gold to finalist)], categories in the order first given."""
        order = list(Placing.values)
        grouped: dict[str, list[WinnerPlacing]] = {}
        for placing in self.placings.select_related("case_study"):
            grouped.setdefault(placing.category, []).append(placing)
        return [
            (category, sorted(rows, key=lambda p: (order.index(p.placing), p.sort_order or 0)))
            for category, rows in grouped.items()
        ]


class WinnerPlacing(Orderable):
    page = ParentalKey(WinnersPage, on_delete=models.CASCADE, related_name="placings")
    placing = models.CharField(max_length=20, choices=Placing.choices)
    category = models.CharField(max_length=80)
    entry_title = models.CharField(max_length=255)
    team = models.CharField(max_length=255, help_text="The lead entrant's team or the entrants.")
    partners = models.CharField(max_length=500, blank=True)
    summary = models.TextField(blank=True)
    case_study = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The entry's case study in the What Works library, once published.",
    )

    panels = [
        FieldPanel("placing"),
        FieldPanel("category"),
        FieldPanel("entry_title"),
        FieldPanel("team"),
        FieldPanel("partners"),
        FieldPanel("summary"),
        PageChooserPanel("case_study", page_type="cms.CaseStudyPage"),
    ]

    def __str__(self) -> str:
        return f"{self.get_placing_display()}: {self.entry_title}"

    @property
    def tag_class(self) -> str:
        return PLACING_TAG_CLASS[Placing(self.placing)]
