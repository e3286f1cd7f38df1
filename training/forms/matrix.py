"""The training matrix's scope: one person (by name), a team, or a district."""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import QueryDict

from people.models import District, Team, User

SCOPE_FIELDS = ("name", "team", "district")


class MatrixScopeFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        label="Person",
        help_text="Part of a name or username.",
        method="filter_name",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    team = django_filters.ModelChoiceFilter(
        label="Team",
        queryset=Team.objects.select_related("district"),
        empty_label="All teams",
    )
    district = django_filters.ModelChoiceFilter(
        label="District",
        queryset=District.objects.all(),
        empty_label="All districts",
        method="filter_district",
    )

    class Meta:
        model = User
        fields: list[str] = []

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in value.split():
            queryset = queryset.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(username__icontains=word)
            )
        return queryset

    def filter_district(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(Q(team__district=value) | Q(team__isnull=True, district=value))

    def scope_query(self) -> QueryDict:
        """The valid scope as a query string, for export and invitation links."""
        self.errors  # noqa: B018 - validates the form once
        query = QueryDict(mutable=True)
        for name in SCOPE_FIELDS:
            value = self.form.cleaned_data.get(name)
            if value:
                query[name] = str(value.pk) if hasattr(value, "pk") else value
        return query

    def scope_description(self) -> str:
        self.errors  # noqa: B018
        data = self.form.cleaned_data
        parts = []
        if data.get("name"):
            parts.append(f"people matching “{data['name']}”")
        if data.get("team"):
            parts.append(data["team"].name)
        if data.get("district"):
            parts.append(f"{data['district'].name} district")
        return ", ".join(parts)
