"""Filter sets for training listings (django-filter), rendered as GOV.UK form groups."""

import django_filters
from django import forms

from people.models import District
from training.enums import CourseKind
from training.forms.dates import bounded
from training.models import Course, Session


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class SessionFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "Date to must be the same as or after date from")
        return cleaned


class SessionFilter(django_filters.FilterSet):
    """Filters for the sessions list; the queryset must carry ``seats_left`` (see catalogue)."""

    course = django_filters.ModelChoiceFilter(
        queryset=Course.objects.filter(is_active=True).only("pk", "title"),
        empty_label="Any course",
    )
    kind = django_filters.ChoiceFilter(
        field_name="course__kind",
        label="Type of course",
        choices=CourseKind.choices,
        empty_label="Any type",
    )
    district = django_filters.ModelChoiceFilter(
        field_name="venue__district",
        label="District",
        queryset=District.objects.only("pk", "name"),
        empty_label="Any district",
    )
    date_from = django_filters.DateFilter(
        field_name="starts_at",
        lookup_expr="date__gte",
        label="Date from",
        widget=DateInput,
        validators=bounded("Date from"),
        error_messages={"invalid": "Date from must be a real date, for example 2027-03-01"},
    )
    date_to = django_filters.DateFilter(
        field_name="starts_at",
        lookup_expr="date__lte",
        label="Date to",
        widget=DateInput,
        validators=bounded("Date to"),
        error_messages={"invalid": "Date to must be a real date, for example 2027-03-01"},
    )
    has_seats = django_filters.BooleanFilter(
        method="filter_has_seats",
        label="Only sessions with seats available",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Session
        fields: list[str] = []
        form = SessionFilterForm

    def filter_has_seats(self, queryset, name, value):
        return queryset.filter(seats_left__gt=0) if value else queryset
