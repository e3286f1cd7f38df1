from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from people.selectors import roles_of
from portal.dashboard import sections_for


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "portal/dashboard.html",
        {
            "sections": [(section, section.get_context(request)) for section in sections_for(user)],
            "roles": sorted(role.label for role in roles_of(user)),
        },
    )
