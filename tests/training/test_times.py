"""training.times: a session's date and times as table rows show them."""

import datetime

import pytest
from django.template import Context, Template

from training.times import UTC, session_when

FILTERS = Template(
    '{{ s|date:"D j M Y" }}|{{ s|time:"H:i" }} to {% if s|date:"Ymd" != e|date:"Ymd" %}'
    '{{ e|date:"D j M Y" }}, {% endif %}{{ e|time:"H:i" }}|{{ s|date:"l j F Y" }}'
)


@pytest.mark.parametrize(
    ("starts_at", "ends_at"),
    [
        # A winter day (GMT), a summer day (BST), late evening in UTC that is the next
        # day in London, across the clocks going back, and over several days.
        (
            datetime.datetime(2026, 1, 5, 9, 30, tzinfo=UTC),
            datetime.datetime(2026, 1, 5, 16, tzinfo=UTC),
        ),
        (
            datetime.datetime(2026, 6, 1, 8, tzinfo=UTC),
            datetime.datetime(2026, 6, 1, 15, 5, tzinfo=UTC),
        ),
        (
            datetime.datetime(2026, 8, 31, 23, 30, tzinfo=UTC),
            datetime.datetime(2026, 9, 1, 1, tzinfo=UTC),
        ),
        (
            datetime.datetime(2026, 10, 24, 22, tzinfo=UTC),
            datetime.datetime(2026, 10, 25, 3, tzinfo=UTC),
        ),
        (
            datetime.datetime(2026, 5, 11, 8, tzinfo=UTC),
            datetime.datetime(2026, 5, 13, 16, tzinfo=UTC),
        ),
    ],
)
def test_when_says_what_the_date_filters_said(starts_at, ends_at):
    when = session_when(starts_at, ends_at)
    assert f"{when.day}|{when.times}|{when.long_day}" == FILTERS.render(
        Context({"s": starts_at, "e": ends_at})
    )


def test_when_is_in_london_time():
    when = session_when(
        datetime.datetime(2026, 6, 30, 23, 15, tzinfo=UTC),
        datetime.datetime(2026, 7, 1, 8, tzinfo=UTC),
    )
    assert when.day == "Wed 1 Jul 2026"
    assert when.times == "00:15 to 09:00"
    assert when.long_day == "Wednesday 1 July 2026"
