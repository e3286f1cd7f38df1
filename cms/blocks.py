"""StreamField blocks: a small set that renders as GOV.UK components."""

from django.core.exceptions import ValidationError
from wagtail import blocks

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


class DetailsBlock(blocks.StructBlock):
    """GOV.UK details: a short summary that opens to show more."""

    summary = blocks.CharBlock(max_length=120, help_text="What the reader clicks to open it.")
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "collapse-down"
        template = "cms/blocks/details.html"


def _page_or_address(value):
    if bool(value.get("page")) == bool(value.get("url")):
        raise ValidationError("Choose a page or give an address, not both.")
    return value


def _link_blocks() -> list[tuple[str, blocks.Block]]:
    return [
        ("page", blocks.PageChooserBlock(required=False)),
        (
            "url",
            blocks.CharBlock(
                required=False,
                max_length=300,
                label="or address",
                help_text="A portal path such as /training/sessions/ or a full address.",
            ),
        ),
    ]


class ButtonBlock(blocks.StructBlock):
    """A GOV.UK button that leads to a page or an address (a call to action)."""

    text = blocks.CharBlock(max_length=60)

    def __init__(self, local_blocks=None, **kwargs):
        super().__init__([*(local_blocks or []), *_link_blocks()], **kwargs)

    def clean(self, value):
        return _page_or_address(super().clean(value))

    class Meta:
        icon = "link"
        template = "cms/blocks/button.html"


class RouteBlock(blocks.StructBlock):
    """One route into the programme on the home page: a heading link and a sentence."""

    heading = blocks.CharBlock(max_length=80)
    text = blocks.TextBlock(max_length=300)

    def __init__(self, local_blocks=None, **kwargs):
        super().__init__([*(local_blocks or []), *_link_blocks()], **kwargs)

    def clean(self, value):
        return _page_or_address(super().clean(value))

    class Meta:
        icon = "arrow-right"
        template = "cms/blocks/route.html"


class CategoryBlock(blocks.StructBlock):
    """An awards category with who may enter it."""

    name = blocks.CharBlock(max_length=80)
    description = blocks.TextBlock()
    rules = blocks.ListBlock(blocks.CharBlock(max_length=300), label="Eligibility rules")

    class Meta:
        icon = "tag"
        template = "cms/blocks/category.html"


BODY_BLOCKS = [
    ("heading", blocks.CharBlock(form_classname="title", template="cms/blocks/heading.html")),
    ("paragraph", blocks.RichTextBlock(features=RICH_TEXT_FEATURES)),
    (
        "inset",
        blocks.TextBlock(help_text="A short highlighted note.", template="cms/blocks/inset.html"),
    ),
    ("details", DetailsBlock()),
    ("button", ButtonBlock()),
]
