"""Who attended which courses, from the registers (for other apps: portfolios' classroom days)."""

from collections.abc import Iterable

from training.enums import BookingStatus
from training.models import Booking


def courses_attended(
    *, person_ids: Iterable[int], course_ids: Iterable[int]
) -> dict[int, set[int]]:
    """person id → the ids of those courses they were marked attended on (one query)."""
    person_ids, course_ids = set(person_ids), set(course_ids)
    if not person_ids or not course_ids:
        return {}
    attended: dict[int, set[int]] = {}
    for person_id, course_id in (
        Booking.objects.filter(
            person_id__in=person_ids,
            session__course_id__in=course_ids,
            status=BookingStatus.ATTENDED,
        )
        .values_list("person_id", "session__course_id")
        .distinct()
    ):
        attended.setdefault(person_id, set()).add(course_id)
    return attended
