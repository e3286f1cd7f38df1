"""Views for the duties (rostering) department: who is away on training, by day and team."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.formats import date_format
from django_tables2 import RequestConfig

from core.exports import table_xlsx_response
from core.page_cache import personal_page
from training.forms.duties import AbstractionFilter
from training.selectors import duties as selectors
from training.tables.duties import AbstractionTable

PER_PAGE = 50
VIEW_ABSTRACTIONS = "training.view_abstractions"


def _filter(request: HttpRequest) -> AbstractionFilter:
    return AbstractionFilter(request.GET, queryset=selectors.abstraction_queryset())


def _week_context(filterset: AbstractionFilter, week) -> dict:
    return {
        "filter": filterset,
        "week": week,
        "week_label": date_format(filterset.week_start, "l j F Y"),
        "previous_query": filterset.querystring(week=week.previous_week),
        "next_query": filterset.querystring(week=week.next_week),
        "this_query": filterset.querystring(),
        "default_week": filterset.default_week,
    }


@login_required
@permission_required(VIEW_ABSTRACTIONS, raise_exception=True)
def duties_grid(request: HttpRequest) -> HttpResponse:
    """The week as a grid: teams down the side, days across, who is away in each cell."""
    return personal_page(request, lambda: _duties_grid(request))


def _duties_grid(request: HttpRequest) -> HttpResponse:
    filterset = _filter(request)
    bookings = list(filterset.qs)
    week = selectors.build_week(bookings, filterset.week_start)
    return render(
        request,
        "training/duties/grid.html",
        {**_week_context(filterset, week), "tab": "grid"},
    )


@login_required
@permission_required(VIEW_ABSTRACTIONS, raise_exception=True)
def duties_list(request: HttpRequest) -> HttpResponse:
    """The same week as a sortable, paginated list."""
    return personal_page(request, lambda: _duties_list(request))


def _duties_list(request: HttpRequest) -> HttpResponse:
    filterset = _filter(request)
    table = AbstractionTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    table.caption = "Everyone away on training this week"
    week = selectors.build_week([], filterset.week_start)
    return render(
        request,
        "training/duties/list.html",
        {
            **_week_context(filterset, week),
            **selectors.week_counts(filterset.qs),
            "table": table,
            "tab": "list",
        },
    )


@login_required
@permission_required(VIEW_ABSTRACTIONS, raise_exception=True)
def duties_export(request: HttpRequest) -> HttpResponse:
    """The week's abstractions as .xlsx (every row, in date order).

    A week that is not a real date, or out of range, goes back to the page, which
    says what is wrong, rather than exporting some other week.
    """
    filterset = _filter(request)
    if not filterset.is_week_valid:
        return redirect(f"{reverse('training:duties')}?{request.GET.urlencode()}")
    table = AbstractionTable(filterset.qs)
    RequestConfig(request, paginate=False).configure(table)
    suffix = f"-{filterset.chosen_district.name}" if filterset.chosen_district else ""
    return table_xlsx_response(
        table,
        filename=f"abstractions-week-{filterset.week_start:%Y-%m-%d}{suffix}".replace(" ", "-"),
        sheet_title=f"Week {filterset.week_start:%d %b %Y}",
    )


def duties_section(request: HttpRequest) -> dict:
    """The dashboard's 'Abstractions' section: the next four weeks at a glance."""
    weeks = selectors.upcoming_weeks()
    base = reverse("training:duties")
    return {
        "weeks": [
            {
                "start": w.week_start,
                "abstractions": w.abstractions,
                "people": w.people,
                "late": w.late,
                "url": f"{base}?week={w.week_start:%Y-%m-%d}",
            }
            for w in weeks
        ],
        "total": sum(w.abstractions for w in weeks),
        "late_total": sum(w.late for w in weeks),
        "url": base,
        "export_url": f"{reverse('training:duties_export')}?week={weeks[0].week_start:%Y-%m-%d}",
    }


urlpatterns = [
    path("duties/", duties_grid, name="duties"),
    path("duties/list/", duties_list, name="duties_list"),
    path("duties/export/", duties_export, name="duties_export"),
]
