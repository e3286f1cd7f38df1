"""The sessions table on the course and trainer feedback pages.

Rows come annotated from ``training.selectors.feedback.sessions_with_feedback``;
rendering never queries.
"""

import datetime

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html


def _local_day(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{date_format(local, 'D j M Y')}, {local:%H:%M}"


class SessionFeedbackTable(tables.Table):
    starts_at = tables.Column(verbose_name="Session", order_by=("starts_at", "pk"))
    course = tables.Column(
        verbose_name="Course", accessor="course__title", order_by=("course__title", "starts_at")
    )
    venue = tables.Column(
        verbose_name="Venue", accessor="venue__name", order_by=("venue__name", "starts_at")
    )
    attendees = tables.Column(
        verbose_name="Attended", attrs={"td": {"class": "govuk-table__cell--numeric"}}
    )
    responses = tables.Column(
        verbose_name="Responses", attrs={"td": {"class": "govuk-table__cell--numeric"}}
    )
    rate = tables.Column(
        verbose_name="Response rate",
        empty_values=(),
        orderable=False,
        attrs={"td": {"class": "govuk-table__cell--numeric"}},
    )
    mean_overall = tables.Column(
        verbose_name="Mean overall rating (1 to 5)",
        order_by=("mean_overall", "starts_at"),
        attrs={"td": {"class": "govuk-table__cell--numeric"}},
    )

    # Rates are fractions shown as percentages, as on the page; means to one place.
    export_formats = {"rate": "0%", "mean_overall": "0.0"}
    region_label = "Feedback by session"

    class Meta:
        attrs = {"class": "govuk-table govuk-!-font-size-16"}
        empty_text = "No sessions have ended yet."
        order_by = "-starts_at"

    def render_starts_at(self, record) -> str:
        return format_html(
            '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden">: '
            "feedback on {}</span></a>",
            reverse("training:feedback_session", args=[record.pk]),
            _local_day(record.starts_at),
            record.course.title,
        )

    def value_starts_at(self, record) -> datetime.datetime:
        return timezone.localtime(record.starts_at).replace(tzinfo=None)

    def render_venue(self, record) -> str:
        return f"{record.venue.name}, {record.venue.district.name}"

    def render_rate(self, record) -> str:
        if not record.attendees:
            return "–"
        return f"{round(record.responses / record.attendees * 100)}%"

    def value_rate(self, record) -> float | None:
        return record.responses / record.attendees if record.attendees else None

    def render_mean_overall(self, value) -> str:
        return f"{value:.1f}"

    def value_mean_overall(self, value) -> float | None:
        return round(value, 2) if value is not None else None
