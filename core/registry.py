"""Where apps plug into the portal: dashboard sections, navigation, demo and scale
data, the library, retention.

Each domain app registers its own entries from ``AppConfig.ready()``; the
portal reads them. So a new app adds its pages to the signed-in home and the
service navigation without editing the portal or any other app, and no app
imports the portal.

Roles are given by their names (the values of ``people.enums.Role``), so this
module imports no app of ours.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import import_string

EVERYONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Section:
    """A section of 'My portal'.

    ``roles``: shown to holders of any of these roles (empty: every signed-in
    person; superusers see every section). ``when(user) -> bool`` narrows it
    further (e.g. line managers only). ``context(request) -> dict`` gives the
    section template its context; it lives in the app and uses its selectors. A
    context function that returns ``None`` hides the section from this person when
    only its own data can tell (e.g. nothing to approve and nobody to approve for).
    """

    key: str
    title: str
    summary: str
    order: int
    roles: frozenset[str] = EVERYONE
    template: str = "portal/sections/placeholder.html"
    links: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    # A callable, or its dotted path (imported when first used, so an app's
    # ready() need not import its views).
    context: Callable[[Any], dict] | str | None = None
    when: Callable[[Any], bool] | None = None

    def get_context(self, request) -> dict | None:
        if self.context is None:
            return {}
        fn = import_string(self.context) if isinstance(self.context, str) else self.context
        return fn(request)


@dataclass(frozen=True)
class NavLink:
    """An item of the service navigation.

    ``prefix``: the path this item stands for (the longest matching prefix is
    marked current). ``roles`` and ``when`` as for ``Section``.
    """

    label: str
    url: str
    order: int
    prefix: str = ""
    roles: frozenset[str] = EVERYONE
    when: Callable[[Any], bool] | None = None

    @property
    def current_prefix(self) -> str:
        return self.prefix or self.url


@dataclass(frozen=True)
class DemoLoader:
    """A step of ``seed_demo``: ``load() -> dict[str, int]`` (what it made), idempotent.

    ``base`` steps (organisations, accounts, pages) run even for
    ``seed_demo --accounts-only``.
    """

    key: str
    order: int
    load: Callable[[], dict[str, int]]
    base: bool = False


@dataclass(frozen=True)
class ScaleLoader:
    """A step of ``seed_demo --scale``: ``load(scale) -> dict[str, int]`` (what it made).

    Runs after every ``DemoLoader``, in ``order``, each in its own transaction; ``scale``
    is a ``core.scale.Scale`` (how many staff, sessions, ... to build). Idempotent.
    """

    key: str
    order: int
    load: Callable[[Any], dict[str, int]]


@dataclass(frozen=True)
class RetentionRule:
    """A kind of record kept for ``settings.RETENTION_DAYS[key]`` days, then disposed of.

    ``apply(cutoff, dry_run) -> int`` deletes or anonymises (with their files) the
    records that expired before ``cutoff`` and returns how many; with ``dry_run`` it
    only counts. It writes its own audit entries (``core.audit.record``) for what it
    disposes of; ``manage.py apply_retention`` runs every rule in its own transaction.
    """

    key: str
    description: str
    apply: Callable[..., int]
    order: int = 50


@dataclass(frozen=True)
class PracticeLibrary:
    """Where the practice the domain apps hold (award finalists' entries, candidates'
    signed-off case studies) is published: the CMS registers it, the source apps ask it.

    ``kind`` names the source ("award-entry", "portfolio-case-study") and ``pk`` its row.

    - ``panel(request, *, kind, pk) -> dict | None``: context for ``panel_template``, shown
      on the source's own page (its place in the library, the action for editors).
    - ``published(*, kind, pk) -> bool``: whether it is live in the library (so the owner
      can no longer withdraw consent there).
    - ``consent_withdrawn(*, kind, pk, by) -> None``: the owner withdrew consent before
      publication: the library drops its draft. Called inside the source's transaction.
    """

    panel_template: str
    panel: Callable[..., dict | None]
    published: Callable[..., bool]
    consent_withdrawn: Callable[..., None]


_sections: dict[str, Section] = {}
_nav: dict[str, NavLink] = {}
_demo: dict[str, DemoLoader] = {}
_scale: dict[str, ScaleLoader] = {}
_retention: dict[str, RetentionRule] = {}


def register_section(section: Section) -> None:
    _sections[section.key] = section


def register_nav_link(link: NavLink) -> None:
    _nav[link.label] = link


def register_demo(loader: DemoLoader) -> None:
    _demo[loader.key] = loader


def register_scale(loader: ScaleLoader) -> None:
    _scale[loader.key] = loader


def register_retention(rule: RetentionRule) -> None:
    _retention[rule.key] = rule


def retention_rules() -> list[RetentionRule]:
    return sorted(_retention.values(), key=lambda r: (r.order, r.key))


_library: list[PracticeLibrary] = []


def register_practice_library(library: PracticeLibrary) -> None:
    _library[:] = [library]


def practice_library() -> PracticeLibrary | None:
    """The registered library, or ``None`` when no app publishes practice."""
    return _library[0] if _library else None


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


def nav_links() -> list[NavLink]:
    return sorted(_nav.values(), key=lambda n: (n.order, n.label))


def demo_loaders() -> list[DemoLoader]:
    return sorted(_demo.values(), key=lambda d: (d.order, d.key))


def scale_loaders() -> list[ScaleLoader]:
    return sorted(_scale.values(), key=lambda d: (d.order, d.key))


def visible(entry: Section | NavLink, *, roles: set[str], user) -> bool:
    """Whether ``user`` (holding ``roles``) sees ``entry``."""
    by_role = not entry.roles or user.is_superuser or bool(entry.roles & roles)
    return by_role and (entry.when is None or bool(entry.when(user)))
