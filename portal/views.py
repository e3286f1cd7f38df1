from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_tables2 import RequestConfig

from core.exports import table_xlsx_response
from core.page_cache import personal_page
from core.selectors import audit_choices, audit_trail
from people.selectors import roles_of
from portal.audit import AuditFilterForm, AuditTable
from portal.dashboard import sections_for

AUDIT_PER_PAGE = 50


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return personal_page(request, lambda: _dashboard(request))


def _dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    shown = [(section, section.get_context(request)) for section in sections_for(user)]
    return render(
        request,
        "portal/dashboard.html",
        {
            "sections": [(section, context) for section, context in shown if context is not None],
            "roles": sorted(role.label for role in roles_of(user)),
        },
    )


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    """The audit trail, filtered, paginated and exported (.xlsx): programme team only."""
    if not request.user.has_perm("core.view_auditentry"):
        raise PermissionDenied("The audit trail is for the programme team.")
    actions, object_types = audit_choices()
    form = AuditFilterForm(
        request.GET
        if any(v for k, v in request.GET.items() if k not in {"page", "sort"})
        else None,
        actions=actions,
        object_types=object_types,
    )
    entries = audit_trail(**form.selection()) if form.is_bound and not form.errors else None
    table = AuditTable(entries if entries is not None else audit_trail())
    if request.GET.get("export") == "xlsx" and not form.errors:
        RequestConfig(request, paginate=False).configure(table)
        return table_xlsx_response(
            table, filename=f"audit-trail-{timezone.localdate()}", sheet_title="Audit trail"
        )
    RequestConfig(request, paginate={"per_page": AUDIT_PER_PAGE}).configure(table)
    query = request.GET.copy()
    query.pop("page", None)
    query["export"] = "xlsx"
    return render(
        request,
        "portal/audit.html",
        {"table": table, "form": form, "export_query": query.urlencode()},
    )
