from django.urls import reverse

from people.enums import Role
from people.selectors import roles_of

ADMIN_ROLES = {Role.PROGRAMME_ADMIN, Role.AWARDS_COORDINATOR, Role.CMS_EDITOR}


def nav_links(user) -> list[tuple[str, str, str]]:
    """(label, url, path prefix it stands for) for each area the person can use."""
    roles = roles_of(user)
    admin = user.is_superuser or Role.PROGRAMME_ADMIN in roles
    dashboard = reverse("portal:dashboard")
    links = [("My portal", dashboard, dashboard), ("Training", "/training/sessions/", "/training/")]
    if admin or Role.TRAINER in roles:
        links.append(("My sessions", "/training/trainer/", "/training/trainer/"))
    if admin or Role.DUTIES in roles:
        links.append(("Abstractions", "/training/duties/", "/training/duties/"))
    if admin:
        links.append(("Training matrix", "/training/matrix/", "/training/matrix/"))
    elif user.reports.filter(is_active=True).exists():
        # Line managers see their own reports' training in the matrix.
        links.append(("My team's training", "/training/matrix/", "/training/matrix/"))
    if user.is_superuser or roles & ADMIN_ROLES:
        links.append(("Admin", "/admin/", "/admin/"))
    return links


def navigation(request) -> dict:
    """Service navigation for the signed-in person; the longest matching prefix is current."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    # Templates that render other templates with the request (tables) run the
    # context processors again; work the links out once per request.
    links = getattr(request, "_pop_nav_links", None)
    if links is None:
        links = request._pop_nav_links = nav_links(user)
    matches = [prefix for _, _, prefix in links if request.path.startswith(prefix)]
    current = max(matches, key=len, default=None)
    return {
        "nav_items": [
            {"label": label, "url": url, "active": prefix == current}
            for label, url, prefix in links
        ]
    }
