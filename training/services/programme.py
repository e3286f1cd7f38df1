"""The programme's catalogue: venues, courses and course requirements.

The Wagtail admin saves and deletes these through this module (so does anything
else that changes them), so each write is permission-checked against the acting
user, validated with ``full_clean``, saved and audited in one transaction, and
the rules that tie them to sessions hold:

- a venue never holds fewer people than an upcoming session there has places;
- a course's length cannot change while sessions of it are scheduled (their end
  times were worked out from it): cancel and reschedule them instead.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format

from core.audit import deny, record
from core.concurrency import changed_since, stale_message
from training import times
from training.enums import SessionStatus
from training.models import Course, CourseRequirement, Session, Venue
from training.services import TrainingError

# What the audit trail calls each kind of record.
_NAMES = {Venue: "venue", Course: "course", CourseRequirement: "requirement"}


def check_may_manage_programme(by, model: type[models.Model], action: str) -> None:
    """Administrators, or anyone given the model's Django permission for ``action``."""
    codename = f"training.{action}_{model._meta.model_name}"
    if not (by.has_perm("training.manage_programme") or by.has_perm(codename)):
        deny(actor=by, action=codename, object_type=model._meta.label_lower)
        raise TrainingError(
            "Only the programme team can change venues, courses and requirements.",
            code="not_allowed",
        )


def _clean(obj: models.Model) -> None:
    try:
        obj.full_clean()
    except ValidationError as error:
        raise TrainingError(" ".join(error.messages), code="invalid") from error


def _changes(obj: models.Model) -> dict:
    """The concrete fields of ``obj`` that differ from the saved row (for the audit)."""
    if obj.pk is None:
        return {}
    saved = type(obj).objects.filter(pk=obj.pk).values().first() or {}
    return {
        field.attname: [str(saved.get(field.attname)), str(getattr(obj, field.attname))]
        for field in obj._meta.concrete_fields
        if saved.get(field.attname) != getattr(obj, field.attname)
    }


def _save(obj: models.Model, *, by, m2m: dict[str, Iterable] | None = None, **data):
    model = type(obj)
    creating = obj.pk is None
    check_may_manage_programme(by, model, "add" if creating else "change")
    _clean(obj)
    changes = _changes(obj)
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    record(
        actor=by,
        action=f"training.{_NAMES[model]}.{'created' if creating else 'changed'}",
        obj=obj,
        summary=f"{'Created' if creating else 'Changed'} {obj}",
        changes=changes,
        **{name: sorted(v.pk for v in values) for name, values in (m2m or {}).items()},
        **data,
    )
    return obj


@transaction.atomic
def save_venue(*, venue: Venue, by) -> Venue:
    """Create or change a venue. Refused when it would hold fewer people than an
    upcoming session there has places."""
    if venue.pk is not None:
        tight = (
            Session.objects.filter(
                venue=venue,
                status=SessionStatus.SCHEDULED,
                starts_at__gt=timezone.now(),
                capacity__gt=venue.capacity,
            )
            .select_related("course")
            .order_by("starts_at")
            .first()
        )
        if tight is not None:
            raise TrainingError(
                f"A session here on {date_format(times.london(tight.starts_at), 'j F Y')} "
                f"({tight.course.title}) has {tight.capacity} places, so the venue must hold "
                f"at least {tight.capacity}. Change that session first.",
                code="venue_capacity",
            )
    return _save(venue, by=by)


@transaction.atomic
def save_course(
    *,
    course: Course,
    by,
    partner_organisations: Iterable = (),
    prerequisites: Iterable = (),
    approved_trainers: Iterable = (),
    seen_version: int | str | None = None,
) -> Course:
    """Create or change a course with its partners, prerequisites and approved trainers.

    Refused when its length changes while sessions of it are scheduled, and (code
    ``stale``, saying who and when) when the course changed since ``seen_version``
    (``core.concurrency.version_of`` when the form was opened).
    """
    if course.pk is not None:
        saved = Course.objects.select_for_update().get(pk=course.pk)
        change = changed_since(saved, seen_version)
        if change is not None:
            raise TrainingError(stale_message(change, "this course"), code="stale")
        scheduled = Session.objects.filter(
            course=course, status=SessionStatus.SCHEDULED, starts_at__gt=timezone.now()
        ).count()
        if saved.duration_minutes != course.duration_minutes and scheduled:
            raise TrainingError(
                f"{scheduled} scheduled session{'s' if scheduled != 1 else ''} of this course "
                f"{'were' if scheduled != 1 else 'was'} timed for {saved.duration_minutes} "
                "minutes. Cancel and reschedule them before changing its length.",
                code="duration_in_use",
            )
    prerequisites = list(prerequisites)
    if course.pk is not None and any(p.pk == course.pk for p in prerequisites):
        raise TrainingError("A course cannot be its own prerequisite.", code="invalid")
    return _save(
        course,
        by=by,
        m2m={
            "partner_organisations": list(partner_organisations),
            "prerequisites": prerequisites,
            "approved_trainers": list(approved_trainers),
        },
    )


@transaction.atomic
def save_requirement(*, requirement: CourseRequirement, by) -> CourseRequirement:
    """Create or change a course requirement (who must attend, by when, how often)."""
    return _save(requirement, by=by, course=requirement.course_id)


@transaction.atomic
def delete_programme_record(*, obj: Venue | Course | CourseRequirement, by) -> None:
    """Delete a venue, course or requirement nothing else depends on (audited).

    Venues and courses with sessions are protected by the database; the refusal
    says so.
    """
    model = type(obj)
    check_may_manage_programme(by, model, "delete")
    label, pk = str(obj), obj.pk
    try:
        with transaction.atomic():
            obj.delete()
    except models.ProtectedError as error:
        raise TrainingError(
            f"{label} has sessions, so it cannot be deleted."
            + (" Mark the course as no longer offered instead." if model is Course else ""),
            code="in_use",
        ) from error
    obj.pk = pk
    record(
        actor=by,
        action=f"training.{_NAMES[model]}.deleted",
        obj=obj,
        summary=f"Deleted {label}",
    )
