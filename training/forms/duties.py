"""The duties view's filters: which week, which district."""

import datetime

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from people.models import District
from training.forms.dates import bounded
from training.models import Booking
from training.selectors import duties as selectors


class AbstractionFilter(django_filters.FilterSet):
    """One week of abstractions (Monday to Sunday, London days), optionally one district.

    The week always applies: with no date, or a date that is not valid (or out of
    range, with a message), it is this week, so the page never lists every week at once.
    """

    week = django_filters.DateFilter(
        label="Week",
        help_text="Choose any day in the week. Weeks run Monday to Sunday.",
        method="filter_week",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=bounded("Week"),
        error_messages={"invalid": "Week must be a real date, for example 2027-03-01"},
    )
    district = django_filters.ModelChoiceFilter(
        label="District",
        queryset=District.objects.all(),
        empty_label="All districts",
        method="filter_district",
    )

    class Meta:
        model = Booking
        fields: list[str] = []

    def __init__(self, data=None, *args, now: datetime.datetime | None = None, **kwargs):
        self.default_week = selectors.this_monday(now)
        if data is not None and not data.get("week"):
            data = data.copy()
            data["week"] = self.default_week.isoformat()
        super().__init__(data, *args, **kwargs)
        self.week_start = self.default_week

    def filter_week(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # Applied in filter_queryset so that it also holds when the date is invalid.
        return queryset

    def filter_district(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return selectors.in_district(queryset, value) if value else queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        week = self.form.cleaned_data.get("week")
        self.week_start = selectors.monday_of(week) if week else self.default_week
        queryset = selectors.in_period(queryset, self.week_start)
        return super().filter_queryset(queryset)

    @property
    def is_week_valid(self) -> bool:
        self.errors  # noqa: B018 - validates the form once
        return "week" not in self.form.errors

    @property
    def chosen_district(self) -> District | None:
        self.errors  # noqa: B018 - validates the form once
        return self.form.cleaned_data.get("district")

    def querystring(self, *, week: datetime.date | None = None) -> str:
        """?week=...&district=... for links that keep the district and move the week."""
        query = QueryDict(mutable=True)
        query["week"] = (week or self.week_start).isoformat()
        if self.chosen_district is not None:
            query["district"] = str(self.chosen_district.pk)
        return query.urlencode()
