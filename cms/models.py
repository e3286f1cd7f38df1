from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

BODY_BLOCKS = [
    ("heading", blocks.CharBlock(form_classname="title", template="cms/blocks/heading.html")),
    ("paragraph", blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul", "h3"])),
    (
        "inset",
        blocks.TextBlock(help_text="A short highlighted note.", template="cms/blocks/inset.html"),
    ),
]


class HomePage(Page):
    """The programme's front page."""

    intro = RichTextField(blank=True)
    body = StreamField(BODY_BLOCKS, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = "home page"


class StandardPage(Page):
    """A plain content page: guidance, how to enter, about the programme."""

    intro = RichTextField(blank=True)
    body = StreamField(BODY_BLOCKS, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = "standard page"
