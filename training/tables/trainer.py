"""The trainer's "My sessions" table and its filters.

Rows come from ``training.selectors.sessions.sessions_run_by`` with seats taken
and the waiting list annotated and the trainers prefetched: rendering never
queries.
"""

import datetime

import django_filters
import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from training.enums import SessionStatus
from training.models import Course, Session

STATUS_TAGS = {
    SessionStatus.SCHEDULED: "govuk-tag--blue",
    SessionStatus.CANCELLED: "govuk-tag--grey",
    SessionStatus.DELIVERED: "govuk-tag--green",
}


def when(session: Session) -> str:
    """'Tue 3 Mar 2026, 09:30 to 12:00' in Europe/London."""
    start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
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


class TrainerSessionTable(tables.Table):
    starts_at = tables.Column(verbose_name="Date and time", order_by=("starts_at", "pk"))
    course = tables.Column(
        verbose_name="Course", accessor="course__title", order_by=("course__title", "starts_at")
    )
    venue = tables.Column(
        verbose_name="Venue", accessor="venue__name", order_by=("venue__name", "starts_at")
    )
    trainers = tables.Column(verbose_name="Trainers", empty_values=(), orderable=False)
    seats = tables.Column(
        verbose_name="Seats taken",
        accessor="seats_taken",
        order_by=("seats_taken", "starts_at"),
        attrs={"td": {"class": "pop-numeric"}},
    )
    waitlist_count = tables.Column(
        verbose_name="Waiting list",
        order_by=("waitlist_count", "starts_at"),
        attrs={"td": {"class": "pop-numeric"}},
    )
    status = tables.Column(verbose_name="Status", order_by=("status", "starts_at"))

    class Meta:
        model = Session
        fields = ("starts_at", "course", "venue", "trainers", "seats", "waitlist_count", "status")
        empty_text = "No sessions to show."
        attrs = {"class": "govuk-table"}
        orderable = True

    def render_starts_at(self, record: Session) -> str:
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            reverse("training:session_manage", args=[record.pk]),
            when(record),
        )

    def value_starts_at(self, record: Session) -> datetime.datetime:
        return timezone.localtime(record.starts_at)

    def render_venue(self, record: Session) -> str:
        return f"{record.venue.name}, {record.venue.district.name}"

    def render_trainers(self, record: Session) -> str:
        return _names(record.trainers.all()) or "None named"

    def render_seats(self, record: Session) -> str:
        return f"{record.seats_taken} / {record.capacity}"

    def value_seats(self, record: Session) -> str:
        return f"{record.seats_taken} of {record.capacity}"

    def render_status(self, record: Session) -> str:
        label, css = status_label(record)
        return format_html('<strong class="govuk-tag {}">{}</strong>', css, label)

    def value_status(self, record: Session) -> str:
        return status_label(record)[0]


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
