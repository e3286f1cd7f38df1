"""Request handling behind the CMS pages Wagtail serves (their ``get_context`` calls these),
and the editors' dashboard section.

Thin: filters and tables over ``cms.selectors``; sessions come from training's catalogue.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig
from wagtail.models import Page, TaskState

from cms import awards_cycle, practice, selectors
from cms.enums import EvaluationLevel, GuidelineArea
from cms.filters import LibraryFilter
from cms.models import WinnersArchivePage
from cms.services import CmsError
from cms.tables import CaseStudyTable, PracticeTable, SearchResultsData
from training.selectors import catalogue
from training.tables.booking import SessionTable

CASE_STUDIES_PER_PAGE = 10
SESSIONS_PER_PAGE = 10
REVIEWS_SHOWN = 5


# --- the library -------------------------------------------------------------------


def _selected_filters(request: HttpRequest, filterset: LibraryFilter) -> list[tuple[str, str, str]]:
    """(label, chosen value, link that removes it) for each filter in use (MOJ filter tags)."""
    form = filterset.form
    if not form.is_bound:
        return []
    form.is_valid()
    selected = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if not value:
            continue
        values = value if isinstance(value, list) else [value]
        for one in values:
            query = request.GET.copy()
            query.pop("page", None)
            if isinstance(value, list):
                query.setlist(name, [v for v in query.getlist(name) if v != one])
            else:
                query.pop(name, None)
            text = {
                "area": lambda v: GuidelineArea(v).label,
                "evaluation": lambda v: EvaluationLevel(v).label,
            }.get(name, str)(one)
            selected.append((field.label, text, f"?{query.urlencode()}"))
    return selected


def library_context(request: HttpRequest, index: Page) -> dict:
    """Search and filter the library; results paged, A to Z or best match first."""
    filterset = LibraryFilter(
        request.GET or None,
        queryset=selectors.library_rows(index=index),
        request=request,
        index=index,
    )
    query = filterset.query
    if query:
        rows = SearchResultsData(selectors.search_case_studies(filterset.qs, query))
        table = CaseStudyTable(rows, orderable=False)
    else:
        table = CaseStudyTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": CASE_STUDIES_PER_PAGE}).configure(table)
    return {
        "filter": filterset,
        "form": filterset.form,
        "table": table,
        "query": query,
        "selected_filters": _selected_filters(request, filterset),
    }


# --- sessions from training ----------------------------------------------------------


def _sessions_table(request: HttpRequest, sessions) -> SessionTable:
    table = SessionTable(sessions)
    RequestConfig(request, paginate={"per_page": SESSIONS_PER_PAGE}).configure(table)
    return table


def programme_sessions_context(request: HttpRequest, page) -> dict:
    """The strand's upcoming sessions: of its courses if chosen, else of its kind, else all."""
    sessions = catalogue.upcoming_sessions(viewer=request.user)
    course_ids = [c.pk for c in page.courses.all()]
    if course_ids:
        sessions = sessions.filter(course_id__in=course_ids)
        query = [("course", course_ids[0])] if len(course_ids) == 1 else []
    elif page.course_kind:
        sessions = sessions.filter(course__kind=page.course_kind)
        query = [("kind", page.course_kind)]
    else:
        query = []
    return {
        "sessions_table": _sessions_table(request, sessions),
        "all_sessions_url": "/training/sessions/" + (f"?{urlencode(query)}" if query else ""),
    }


def awards_context(request: HttpRequest, page) -> dict:
    """The current cycle (from the awards app's hook), guidance talks and the winners archive."""
    context = {
        "cycle": awards_cycle.current_cycle(request),
        "archive": WinnersArchivePage.objects.child_of(page).live().public().first(),
        "guidance_table": None,
    }
    if page.guidance_course_id:
        sessions = catalogue.upcoming_sessions(viewer=request.user).filter(
            course_id=page.guidance_course_id
        )
        context["guidance_table"] = _sessions_table(request, sessions)
        context["guidance_url"] = "/training/sessions/?" + urlencode(
            {"course": page.guidance_course_id}
        )
    return context


# --- the editors' dashboard section ---------------------------------------------------


def content_section(request: HttpRequest) -> dict:
    """Pages waiting for the viewer's review in the Wagtail workflow (oldest first), and
    practice whose owners agreed to publication, not yet sent to the library."""
    states = (
        TaskState.objects.reviewable_by(request.user)
        .select_related("revision", "workflow_state")
        .order_by("started_at")
    )
    waiting = [
        {
            "title": state.revision.object_str if state.revision else "A page",
            "url": reverse("wagtailadmin_pages:edit", args=[state.workflow_state.object_id]),
            "since": state.started_at,
        }
        for state in states[:REVIEWS_SHOWN]
    ]
    ready = [row for row in practice.practice_waiting() if row.page is None]
    return {
        "waiting": waiting,
        "waiting_total": states.count() if waiting else 0,
        "practice_ready": ready[:REVIEWS_SHOWN],
        "practice_total": len(ready),
    }


# --- publishing practice (the editors' list and the action) ---------------------------


PRACTICE_PER_PAGE = 25


@login_required
def practice_list(request: HttpRequest) -> HttpResponse:
    """Finalists' entries and signed-off case studies whose owners agreed to publication."""
    if not practice.may_publish(request.user):
        raise PermissionDenied
    table = PracticeTable(practice.practice_waiting(), orderable=False)
    RequestConfig(request, paginate={"per_page": PRACTICE_PER_PAGE}).configure(table)
    return render(request, "cms/practice/list.html", {"table": table})


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("cms:practice")


@login_required
@require_POST
def publish_practice(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The one action: a draft case study in the library's review, made from the source."""
    next_url = _next_url(request)
    try:
        page, created = practice.publish_practice(kind=kind, pk=pk, user=request.user)
    except CmsError as error:
        if error.code == "forbidden":
            raise PermissionDenied from error
        if error.code == "missing":
            raise Http404("No such practice") from error
        messages.error(request, str(error))
        return redirect(next_url)
    if created:
        messages.success(
            request,
            f"'{page.title}' is now a draft case study in the What Works library, waiting "
            "for an editor's review.",
        )
    else:
        messages.info(request, f"'{page.title}' is already in the What Works library.")
    return redirect(next_url)
