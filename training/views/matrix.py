"""Views for the training matrix and the 'invite everyone overdue' action.

Programme administrators see anyone (``training.view_matrix``); a line manager
sees the people who report to them ("my team"). Only administrators invite
(``training.invite_overdue``).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from core.exports import table_xlsx_response
from core.page_cache import personal_page
from training.forms.matrix import MatrixScopeFilter
from training.models import Invitation
from training.selectors.matrix import load_matrix
from training.services.invitations import invite_overdue, plan_invitations
from training.tables.matrix import MatrixTable

User = get_user_model()
PER_PAGE = 50
RESULT_KEY = "training_invite_result"


def people_in_reach(user) -> tuple[QuerySet, bool]:
    """Whom ``user`` may see in the matrix, and whether that is everyone.

    Administrators: every active person. A line manager: the people who report
    to them. Anyone else: PermissionDenied.
    """
    if user.has_perm("training.view_matrix"):
        return User.objects.filter(is_active=True), True
    reports = User.objects.filter(is_active=True, line_manager=user)
    if reports.exists():
        return reports, False
    raise PermissionDenied


def _scope(request: HttpRequest, data) -> tuple[MatrixScopeFilter, bool]:
    people, everyone = people_in_reach(request.user)
    return MatrixScopeFilter(data, queryset=people), everyone


@login_required
def matrix(request: HttpRequest) -> HttpResponse:
    """Who has done, booked, is due or overdue for each course their role requires."""
    return personal_page(request, lambda: _matrix(request))


def _matrix(request: HttpRequest) -> HttpResponse:
    filterset, everyone = _scope(request, request.GET)
    result = load_matrix(filterset.qs)
    table = MatrixTable(result)
    table.caption = "Training status by person"
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    scope_query = filterset.scope_query().urlencode()
    return render(
        request,
        "training/matrix/matrix.html",
        {
            "filter": filterset,
            "matrix": result,
            "table": table,
            "everyone": everyone,
            "scope": filterset.scope_description(),
            "scope_query": scope_query,
            "can_invite": request.user.has_perm("training.invite_overdue"),
        },
    )


@login_required
def matrix_export(request: HttpRequest) -> HttpResponse:
    filterset, _ = _scope(request, request.GET)
    table = MatrixTable(load_matrix(filterset.qs))
    RequestConfig(request, paginate=False).configure(table)
    return table_xlsx_response(table, filename="training-matrix", sheet_title="Training matrix")


@login_required
@permission_required("training.invite_overdue", raise_exception=True)
@require_http_methods(["GET", "POST"])
def matrix_invite(request: HttpRequest) -> HttpResponse:
    """GET: who would be invited where (confirmation). POST: send the invitations."""
    data = request.POST if request.method == "POST" else request.GET
    filterset, _ = _scope(request, data)
    if request.method == "POST":
        result = invite_overdue(by=request.user, people_queryset_or_scope=filterset.qs)
        request.session[RESULT_KEY] = {
            "invited": [invitation.pk for invitation in result],
            "not_placed": [
                [str(n.person), n.person.rank_label, n.course.title, n.reason]
                for n in result.not_placed
            ],
            "scope_query": filterset.scope_query().urlencode(),
        }
        # The result page says how many were sent and who was not placed, and why.
        return redirect("training:matrix_invite_done")
    plan = plan_invitations(people_queryset_or_scope=filterset.qs)
    return render(
        request,
        "training/matrix/invite_confirm.html",
        {
            "plan": plan,
            "scope": filterset.scope_description(),
            "scope_query": filterset.scope_query(),
        },
    )


@login_required
@permission_required("training.invite_overdue", raise_exception=True)
def matrix_invite_done(request: HttpRequest) -> HttpResponse:
    """What the last 'invite everyone overdue' did: who was invited, who was not and why."""
    result = request.session.get(RESULT_KEY)
    if result is None:
        return redirect("training:matrix")
    invitations = (
        Invitation.objects.filter(pk__in=result["invited"])
        .select_related("person", "session__course", "session__venue__district")
        .order_by("person__last_name", "person__first_name", "session__starts_at")
    )
    return render(
        request,
        "training/matrix/invite_done.html",
        {
            "invitations": invitations,
            "not_placed": result["not_placed"],
            "back_url": f"{reverse('training:matrix')}?{result['scope_query']}",
        },
    )


urlpatterns = [
    path("matrix/", matrix, name="matrix"),
    path("matrix/export/", matrix_export, name="matrix_export"),
    path("matrix/invite/", matrix_invite, name="matrix_invite"),
    path("matrix/invite/done/", matrix_invite_done, name="matrix_invite_done"),
]
