"""Safe concurrent edits: a form carries the version it was opened at; a stale save is refused.

The version of a record is the id of the last change the audit trail holds for it
(every change goes through a service that writes one, in the same transaction),
so no model needs a column for it and the refusal can say who changed it and
when. Views put ``version_of(obj)`` in a hidden field (``VersionField``); the
service, holding the row lock, calls ``changed_since(obj, seen)`` and raises its
app's error with ``stale_message`` when it returns a change. The view re-renders
the form with what the person typed and the new version, so saving again is a
deliberate overwrite.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

from core.models import AuditEntry, AuditOutcome
from core.selectors import NOT_HISTORY

# Entries that say something was sent or noticed about a record, not that it changed.
NOT_A_CHANGE = r"\.(staff_notified|requested|sent|at_risk|reminded)$"


@dataclass(frozen=True)
class Change:
    version: int
    who: str
    at: datetime.datetime


def _last_change(obj: models.Model) -> Change | None:
    row = (
        AuditEntry.objects.filter(
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            outcome=AuditOutcome.SUCCESS,
        )
        .exclude(action__regex=NOT_HISTORY)
        .exclude(action__regex=NOT_A_CHANGE)
        .order_by("-id")
        .values_list("id", "actor_label", "at")
        .first()
    )
    return Change(version=row[0], who=row[1], at=row[2]) if row else None


def version_of(obj: models.Model) -> int:
    """The record's current version (0 before its first audited change)."""
    change = _last_change(obj)
    return change.version if change else 0


def changed_since(obj: models.Model, seen: int | str | None) -> Change | None:
    """The change made after version ``seen``, or None (also when ``seen`` is not given).

    Call holding the row's lock, so nobody changes it between this check and the save.
    """
    if seen in (None, ""):
        return None
    try:
        seen = int(seen)
    except (TypeError, ValueError):
        seen = -1
    change = _last_change(obj)
    if change is None or change.version == seen:
        return None
    return change


def stale_message(change: Change, what: str = "this record") -> str:
    """'Sam Lee (slee) changed this session at 14:05 on 3 March 2027, after you opened it…'"""
    when = timezone.localtime(change.at)
    who = change.who or "Someone"
    return (
        f"{who} changed {what} at {when:%H:%M} on {date_format(when, 'j F Y')}, after you "
        "opened it. Nothing has been saved: your changes are still below. Check them "
        "against the current version and save again to replace it."
    )


class VersionField(forms.IntegerField):
    """The hidden version a form was opened at (``initial=version_of(obj)``)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)


def refresh_version(form: forms.Form, obj: models.Model, field: str = "version") -> None:
    """After a refusal: keep what was typed, move the hidden version to the current one."""
    data = form.data.copy()
    data[form.add_prefix(field)] = str(version_of(obj))
    form.data = data
