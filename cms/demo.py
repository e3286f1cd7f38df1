"""Demo programme pages (idempotent)."""

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from cms.models import HomePage, StandardPage

HOME_INTRO = (
    "<p>Problem-solving learning for Northshire Police and its partners: masterclasses "
    "and qualification days, portfolios, the POP awards and a library of what works.</p>"
)

PAGES = [
    (
        "about-problem-solving",
        "About problem solving",
        "<p>Problem-oriented partnership work uses the SARA model – scanning, analysis, "
        "response and assessment – to tackle the causes of recurring problems rather than "
        "answering the same calls again and again.</p>",
    ),
    (
        "masterclasses",
        "Problem-solving masterclasses",
        "<p>Each district runs a two-and-a-half-hour masterclass every two months. It is "
        "expected of everyone new to a neighbourhood role; partners are welcome.</p>",
    ),
    (
        "pop-awards",
        "The POP awards",
        "<p>Every year the POP awards recognise the best problem-solving partnerships. "
        "Entries follow SARA and are judged by police and partner judges.</p>",
    ),
]


@transaction.atomic
def seed_pages() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        # A flushed database (browser tests) has no locale or root; migrate made them.
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        # Wagtail's "Welcome to your new Wagtail site!" placeholder holds the slug "home".
        for placeholder in root.get_children().filter(content_type__model="page"):
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(title="Problem-solving learning", slug="home", intro=HOME_INTRO)
        )
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "hostname": "localhost",
                "port": 80,
                "root_page": home,
                "site_name": "POP Portal",
            },
        )
    for slug, title, body in PAGES:
        if not home.get_children().filter(slug=slug).exists():
            home.add_child(
                instance=StandardPage(title=title, slug=slug, intro=body, show_in_menus=True)
            )
    return home
