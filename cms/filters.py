"""The library's filters (django-filter), rendered as GOV.UK form groups in the MOJ filter."""

import django_filters
from django import forms

from cms import selectors
from cms.enums import EvaluationLevel, GuidelineArea
from cms.models import CaseStudyPage


class LibraryFilter(django_filters.FilterSet):
    """Filters for the library. ``q`` is searched by the view, after the other filters."""

    q = django_filters.CharFilter(
        label="Search the library",
        method="search_later",
        max_length=200,
        help_text="For example: knife crime, volunteers, repeat callers.",
    )
    area = django_filters.ChoiceFilter(
        field_name="guideline_areas__code",
        label="Guideline area",
        choices=GuidelineArea.choices,
        empty_label="Any guideline area",
    )
    evaluation = django_filters.MultipleChoiceFilter(
        field_name="evaluation_level",
        label="Evaluation",
        choices=EvaluationLevel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    organisation = django_filters.ChoiceFilter(
        label="Force or organisation", empty_label="Any force or organisation"
    )
    year = django_filters.ChoiceFilter(
        field_name="start_year", label="Year started", empty_label="Any year"
    )

    class Meta:
        model = CaseStudyPage
        fields: list[str] = []

    def __init__(self, *args, index, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["organisation"].extra["choices"] = selectors.organisation_choices(index=index)
        self.filters["year"].extra["choices"] = selectors.year_choices(index=index)

    def search_later(self, queryset, name, value):
        return queryset

    @property
    def query(self) -> str:
        """The search words, once the form is valid ('' when none)."""
        if not self.is_bound:
            return ""
        self.form.is_valid()  # cleaned_data keeps the valid fields even if another is not
        return (self.form.cleaned_data.get("q") or "").strip()
