"""The hook point for the current POP awards cycle's dates on ``/pop-awards/``.

``cms`` never imports ``awards`` (awards sits below cms in the app chain, and the awards
page must render whether or not a cycle is running). The awards app fills this in from
its own ``wagtail_hooks.py``, with no import of ``cms``::

    from wagtail import hooks

    @hooks.register("pop_awards_current_cycle")
    def current_cycle(request):
        cycle = selectors.current_cycle()
        if cycle is None:
            return None
        return {
            "name": cycle.name,                        # "POP Awards 2027"
            "dates": [                                 # in the order to show them
                ("Entries open", cycle.entries_open_at),
                ("Submission guidance talk", cycle.guidance_talk_at),
                ("Entries close", cycle.entries_close_at),
                ("Awards ceremony", cycle.ceremony_on),
            ],
            "enter_url": reverse("awards:entry_start"),  # or None when entries are closed
            "entries_open": cycle.accepting_entries(),
        }

The first hook that returns something wins. Dates may be ``date`` or aware ``datetime``.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from wagtail import hooks

HOOK_NAME = "pop_awards_current_cycle"


@dataclass(frozen=True)
class CycleDates:
    name: str
    dates: list[tuple[str, datetime.date | datetime.datetime]] = field(default_factory=list)
    enter_url: str | None = None
    entries_open: bool = False


def current_cycle(request) -> CycleDates | None:
    """The running cycle as the awards app reports it, or None (no hook, or no cycle)."""
    for fn in hooks.get_hooks(HOOK_NAME):
        result = fn(request)
        if not result:
            continue
        if isinstance(result, CycleDates):
            return result
        if not isinstance(result, Mapping):
            raise TypeError(f"{HOOK_NAME} hooks return a mapping or None, not {type(result)!r}")
        return CycleDates(
            name=str(result["name"]),
            dates=[(str(label), when) for label, when in result.get("dates", []) if when],
            enter_url=result.get("enter_url") or None,
            entries_open=bool(result.get("entries_open", False)),
        )
    return None
