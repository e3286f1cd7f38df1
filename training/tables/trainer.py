"""The trainer's "My sessions" table and its filters.

Rows come from ``training.selectors.sessions.sessions_run_by`` with the places
annotated (``training.selectors.places``) and the trainers prefetched: rendering
never queries. Upcoming sessions show seats booked and the waiting list; past
ones who was booked and who attended. The rows are rendered by
``training/tables/trainer_session_rows.html``.
"""

import datetime

import django_filters
import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from core.tables import GovukTable
from core.urls import absolute_url
from training.enums import SessionStatus
from training.models import Course, Session
from training.times import london, session_when

STATUS_TAGS = {
    SessionStatus.SCHEDULED: "govuk-tag--blue",
    SessionStatus.CANCELLED: "govuk-tag--grey",
    SessionStatus.DELIVERED: "govuk-tag--green",
}
NUMERIC = {
    "th": {"class": "govuk-table__header--numeric"},
    "td": {"class": "govuk-table__cell--numeric"},
}


def when(session: Session) -> str:
    """'Tue 3 Mar 2026, 09:30 to 12:00' in Europe/London."""
    start, end = london(session.starts_at), london(session.ends_at)
    text = f"{date_format(start, 'D j M Y')}, {start:%H:%M} to "
    if end.date() != start.date():
        text += f"{date_format(end, 'D j M Y')}, "
    return text + f"{end:%H:%M}"


def status_label(session: Session, now: datetime.datetime | None = None) -> tuple[str, str]:
    """(label, tag class); a scheduled session that has ended still needs its register."""
    now = now or timezone.now()
    if session.status == SessionStatus.SCHEDULED and session.has_ended(now):
        return "Register to take", "govuk-tag--yellow"
    return session.get_status_display(), STATUS_TAGS[SessionStatus(session.status)]


def _names(people) -> str:
    return ", ".join(p.get_full_name() or p.username for p in people)


class TrainerSessionTable(GovukTable):
    starts_at = tables.Column(verbose_name="Date and time", order_by=("starts_at", "pk"))
    course = tables.Column(
        verbose_name="Course", accessor="course__title", order_by=("course__title", "starts_at")
    )
    venue = tables.Column(
        verbose_name="Venue", accessor="venue__name", order_by=("venue__name", "starts_at")
    )
    trainers = tables.Column(verbose_name="Trainers", empty_values=(), orderable=False)
    seats_taken = tables.Column(
        verbose_name="Booked", order_by=("seats_taken", "starts_at"), attrs=NUMERIC
    )
    capacity = tables.Column(verbose_name="Places", visible=False)
    waitlist_length = tables.Column(
        verbose_name="Waiting list", order_by=("waitlist_length", "starts_at"), attrs=NUMERIC
    )
    attended = tables.Column(
        verbose_name="Attended", order_by=("attended", "starts_at"), attrs=NUMERIC
    )
    status = tables.Column(verbose_name="Status", order_by=("status", "starts_at"))
    link = tables.Column(verbose_name="Link", empty_values=(), visible=False, orderable=False)

    row_template = "training/tables/trainer_session_rows.html"

    class Meta:
        attrs = {"class": "govuk-table pop-table--stack"}
        empty_text = "No sessions to show."
        order_by = "starts_at"

    def __init__(self, *args, upcoming: bool = True, **kwargs):
        exclude = ("attended",) if upcoming else ("waitlist_length",)
        # Upcoming: soonest first; past: the latest first.
        kwargs.setdefault("order_by", "starts_at" if upcoming else "-starts_at")
        super().__init__(*args, exclude=exclude, **kwargs)
        self.region_label = "Upcoming sessions" if upcoming else "Past sessions"

    def prepare_records(self, records: list) -> list:
        now = timezone.now()
        for record in records:
            record.status_text, record.status_class = status_label(record, now)
            record.when = session_when(record.starts_at, record.ends_at)
            record.trainer_names = _names(record.trainers.all()) or "None named"
        return records

    # --- in the spreadsheet ------------------------------------------------------

    def value_starts_at(self, record: Session) -> datetime.datetime:
        return london(record.starts_at).replace(tzinfo=None)

    def value_venue(self, record: Session) -> str:
        return f"{record.venue.name}, {record.venue.district.name}"

    def value_trainers(self, record: Session) -> str:
        return _names(record.trainers.all())

    def value_status(self, record: Session) -> str:
        return status_label(record)[0]

    def value_link(self, record: Session) -> str:
        return absolute_url(reverse("training:session_manage", args=[record.pk]))


class TrainerSessionFilter(django_filters.FilterSet):
    course = django_filters.ModelChoiceFilter(
        queryset=Course.objects.none(), empty_label="Any course"
    )
    status = django_filters.ChoiceFilter(choices=SessionStatus.choices, empty_label="Any status")

    class Meta:
        model = Session
        fields: list[str] = []

    def __init__(self, *args, courses=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["course"].queryset = (
            courses if courses is not None else Course.objects.all()
        ).only("pk", "title")
