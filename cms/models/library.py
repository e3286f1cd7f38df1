"""The What Works library: case studies with the College of Policing's structure as real fields.

A case study is What, Why, Who (organisation, partners), Where (area), When (years),
How (set-up and delivery), practical considerations, potential benefits, an evaluation
(level, text and key before/after figures), further information and links, tagged with
guideline areas from a fixed taxonomy. Practice published from the awards or a portfolio
keeps a ``source``: where it came from and who agreed to its publication.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.enums import (
    EVALUATION_MEANING,
    EVALUATION_SHORT_LABEL,
    EVALUATION_TAG_CLASS,
    EvaluationLevel,
    GuidelineArea,
    SourceKind,
)
from cms.page_cache import CachedForAnonymousMixin
from cms.panels import SourcePanel

CASE_STUDY_FEATURES = ["bold", "italic", "link", "ol", "ul"]
YEAR_VALIDATORS = [MinValueValidator(1950), MaxValueValidator(2100)]


class GuidelineAreaTag(models.Model):
    """One guideline area, a row per ``GuidelineArea`` value (kept in step after migrate)."""

    code = models.CharField(max_length=50, unique=True, choices=GuidelineArea.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = "guideline area"

    def __str__(self) -> str:
        return self.get_code_display()

    @property
    def name(self) -> str:
        return self.get_code_display()


class CaseStudyIndexPage(CachedForAnonymousMixin, Page):
    """``/library/``: search and filter the case studies."""

    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CaseStudyPage"]
    max_count = 1

    class Meta:
        verbose_name = "case study library"

    def get_context(self, request, *args, **kwargs):
        # The page is the view here (Wagtail serves it); the request handling lives in views.
        from cms.views import library_context

        context = super().get_context(request, *args, **kwargs)
        context.update(library_context(request, self))
        return context


class CaseStudySource(models.Model):
    """Where a published piece of practice came from, and the owner's consent to publish it.

    Written once by ``cms.services.draft_case_study_from``; editors see it, never edit it.
    """

    kind = models.CharField(max_length=30, choices=SourceKind.choices)
    reference = models.CharField(
        max_length=100, help_text="The source's own identifier, e.g. awards.entry:42."
    )
    title = models.CharField(max_length=255)
    url = models.CharField("link back", max_length=300, help_text="Where the source can be read.")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    consent_given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    consent_given_at = models.DateTimeField()
    consent_statement = models.TextField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "reference"], name="cms_source_once"),
        ]
        permissions = [
            ("publish_practice", "Can send award entries and portfolio case studies to the library")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class CaseStudyPage(CachedForAnonymousMixin, Page):
    summary = models.TextField(
        max_length=400, help_text="One or two sentences shown in the library's results."
    )
    organisation = models.CharField("force or organisation", max_length=150)
    who = models.TextField(
        "who took part",
        blank=True,
        help_text="Teams and roles involved, beyond the organisation and partners.",
    )
    area = models.CharField("where", max_length=150, help_text="The area it covers.")
    start_year = models.PositiveSmallIntegerField(
        "year started", null=True, blank=True, validators=YEAR_VALIDATORS
    )
    end_year = models.PositiveSmallIntegerField(
        "year ended",
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text="Leave empty while it is still running.",
    )
    when_detail = models.CharField(
        "more about when",
        max_length=200,
        blank=True,
        help_text="E.g. “Piloted from 2013; across the force from August 2016”.",
    )
    what = RichTextField(features=CASE_STUDY_FEATURES)
    why = RichTextField(features=CASE_STUDY_FEATURES)
    how_setup = RichTextField("how it was set up", features=CASE_STUDY_FEATURES)
    how_delivery = RichTextField("how it is delivered", features=CASE_STUDY_FEATURES)
    practical_considerations = RichTextField(blank=True, features=CASE_STUDY_FEATURES)
    potential_benefits = RichTextField(blank=True, features=CASE_STUDY_FEATURES)
    evaluation_level = models.CharField(
        max_length=20, choices=EvaluationLevel.choices, default=EvaluationLevel.NONE
    )
    evaluation = RichTextField(
        "what the evaluation found", blank=True, features=CASE_STUDY_FEATURES
    )
    further_information = RichTextField(blank=True, features=CASE_STUDY_FEATURES)
    guideline_areas = ParentalManyToManyField(GuidelineAreaTag, related_name="case_studies")
    source = models.OneToOneField(
        CaseStudySource,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_study",
        help_text="Set when the case study was published from an award entry or a portfolio.",
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("organisation", boost=2),
        index.SearchField("area"),
        index.SearchField("who"),
        index.SearchField("what"),
        index.SearchField("why"),
        index.SearchField("how_setup"),
        index.SearchField("how_delivery"),
        index.SearchField("practical_considerations"),
        index.SearchField("potential_benefits"),
        index.SearchField("evaluation"),
        index.SearchField("further_information"),
        index.RelatedFields("partners", [index.SearchField("name")]),
        index.FilterField("organisation"),
        index.FilterField("evaluation_level"),
        index.FilterField("start_year"),
        index.RelatedFields("guideline_areas", [index.FilterField("code")]),
    ]

    content_panels = [
        SourcePanel(),
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                InlinePanel("partners", label="Partner", heading="Partners"),
                FieldPanel("who"),
                FieldPanel("area"),
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
                FieldPanel("when_detail"),
                FieldPanel("guideline_areas", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Who, where and when",
        ),
        MultiFieldPanel(
            [
                FieldPanel("what"),
                FieldPanel("why"),
                FieldPanel("how_setup"),
                FieldPanel("how_delivery"),
                FieldPanel("practical_considerations"),
                FieldPanel("potential_benefits"),
            ],
            heading="The practice",
        ),
        MultiFieldPanel(
            [
                FieldPanel("evaluation_level"),
                FieldPanel("evaluation"),
                InlinePanel("figures", label="Figure", heading="Key figures, before and after"),
            ],
            heading="Evaluation",
        ),
        MultiFieldPanel(
            [FieldPanel("further_information"), InlinePanel("links", label="Link")],
            heading="Further information",
        ),
    ]
    parent_page_types = ["cms.CaseStudyIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "case study"
        verbose_name_plural = "case studies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(start_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="cms_case_study_ends_after_start",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": "The year it ended must not be before it started."})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["library"] = self.get_parent() or CaseStudyIndexPage.objects.first()
        context["links"] = list(self.links.all())
        return context

    @property
    def evaluation_tag_class(self) -> str:
        return EVALUATION_TAG_CLASS[EvaluationLevel(self.evaluation_level)]

    @property
    def evaluation_meaning(self) -> str:
        return EVALUATION_MEANING[EvaluationLevel(self.evaluation_level)]

    @property
    def evaluation_short_label(self) -> str:
        return EVALUATION_SHORT_LABEL[EvaluationLevel(self.evaluation_level)]

    @property
    def when(self) -> str:
        """'2015 to present', '2013 to 2016', '2017' or 'Ongoing'."""
        if not self.start_year:
            return "Ongoing" if not self.end_year else f"Until {self.end_year}"
        if self.end_year == self.start_year:
            return str(self.start_year)
        return f"{self.start_year} to {self.end_year or 'present'}"


class CaseStudyPartner(Orderable):
    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(max_length=150)

    panels = [FieldPanel("name")]

    def __str__(self) -> str:
        return self.name


class CaseStudyFigure(Orderable):
    """A key figure before and after, as the source gives it ("1,238", "£466,075", "6 forms")."""

    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="figures")
    measure = models.CharField(max_length=150, help_text="What was counted, e.g. incidents.")
    before = models.CharField(max_length=60)
    after = models.CharField(max_length=60)
    note = models.CharField(max_length=200, blank=True, help_text="The period or the source.")

    panels = [
        FieldPanel("measure"),
        FieldRowPanel([FieldPanel("before"), FieldPanel("after")]),
        FieldPanel("note"),
    ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.before} → {self.after}"


class CaseStudyLink(Orderable):
    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(max_length=150)
    url = models.URLField("address", max_length=500)

    panels = [FieldPanel("title"), FieldPanel("url")]

    def __str__(self) -> str:
        return self.title
