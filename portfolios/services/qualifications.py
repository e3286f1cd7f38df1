"""Qualifications, their units and assessment criteria (the Wagtail admin and demo data)."""

import re

from django.db import transaction

from core.audit import record
from portfolios.models import Criterion, Qualification, Unit
from portfolios.services import PortfoliosError

_LINE = re.compile(r"^\s*(?P<code>\d+(?:\.\d+)*)\s*[.:)-]?\s+(?P<text>.+?)\s*$")


def parse_criteria(text: str) -> list[tuple[str, str]]:
    """'1.1 Explain ...' lines → [(code, text)]; refuses a line without a code or a repeat."""
    parsed, seen = [], set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if not match:
            raise PortfoliosError(
                f"Line {number} needs a criterion number first, e.g. “1.1 Explain ...”.",
                code="criteria_format",
            )
        code = match["code"]
        if code in seen:
            raise PortfoliosError(f"Criterion {code} appears twice.", code="criteria_repeat")
        seen.add(code)
        parsed.append((code, match["text"]))
    return parsed


def criteria_text(unit: Unit) -> str:
    return "\n".join(f"{c.code} {c.text}" for c in unit.criteria.order_by("sort_order", "pk"))


def sync_criteria(*, unit: Unit, criteria: list[tuple[str, str]]) -> None:
    """Make the unit's criteria exactly these, by code. A criterion that evidence is mapped
    to cannot be removed (its code can be kept and its wording changed)."""
    existing = {c.code: c for c in unit.criteria.all()}
    wanted = {code for code, _ in criteria}
    for code, criterion in existing.items():
        if code not in wanted:
            if criterion.evidence.exists():
                raise PortfoliosError(
                    f"Criterion {code} of {unit.code} has evidence mapped to it, so it cannot be "
                    "removed.",
                    code="criterion_in_use",
                )
            criterion.delete()
    for order, (code, text) in enumerate(criteria):
        criterion = existing.get(code)
        if criterion is None:
            Criterion.objects.create(unit=unit, code=code, text=text, sort_order=order)
        elif (criterion.text, criterion.sort_order) != (text, order):
            criterion.text, criterion.sort_order = text, order
            criterion.save(update_fields=["text", "sort_order"])


@transaction.atomic
def save_qualification(
    *, qualification: Qualification, criteria_by_unit: list[tuple[Unit, str]], by
) -> Qualification:
    """Save a qualification with its units (an in-memory cluster) and each unit's criteria.

    ``criteria_by_unit`` pairs each Unit instance of the cluster with the text of its
    criteria ("1.1 Explain ..." per line). Only the programme team.
    """
    if by is not None and not by.has_perm("portfolios.manage_enrolments"):
        raise PortfoliosError("Only the programme team edits qualifications.", code="not_allowed")
    created = qualification.pk is None
    qualification.full_clean(exclude=["classroom_courses"])
    qualification.save()
    for unit, text in criteria_by_unit:
        if unit.pk is None:
            continue  # a unit deleted in the same edit
        sync_criteria(unit=unit, criteria=parse_criteria(text))
    record(
        actor=by,
        action="portfolios.qualification." + ("created" if created else "changed"),
        obj=qualification,
        summary=str(qualification),
    )
    return qualification


@transaction.atomic
def ensure_qualification(*, spec: dict) -> Qualification:
    """Create or update a qualification from a plain spec (demo data); idempotent."""
    qualification, _ = Qualification.objects.update_or_create(
        title=spec["title"],
        defaults={
            k: spec[k]
            for k in (
                "awarding_body",
                "level",
                "fee",
                "months_allowed",
                "classroom_days_required",
                "eligible_ranks",
            )
        },
    )
    for order, (code, title, criteria) in enumerate(spec["units"]):
        unit, _ = Unit.objects.update_or_create(
            qualification=qualification, code=code, defaults={"title": title, "sort_order": order}
        )
        sync_criteria(unit=unit, criteria=criteria)
    if "classroom_courses" in spec:
        qualification.classroom_courses.set(spec["classroom_courses"])
    return qualification
