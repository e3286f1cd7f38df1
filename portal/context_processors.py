from django.urls import reverse

from people.enums import Role
from people.selectors import roles_of

ADMIN_ROLES = {Role.PROGRAMME_ADMIN, Role.AWARDS_COORDINATOR, Role.CMS_EDITOR}


def nav_links(user) -> list[tuple[str, str]]:
    """(label, url) for each area the person can use, in menu order."""
    roles = roles_of(user)
    admin = user.is_superuser or Role.PROGRAMME_ADMIN in roles
    links = [("My portal", reverse("portal:dashboard")), ("Training", "/training/sessions/")]
    if admin or Role.TRAINER in roles:
        links.append(("My sessions", "/training/trainer/"))
    if admin or Role.DUTIES in roles:
        links.append(("Abstractions", "/training/duties/"))
    if admin:
        links.append(("Training matrix", "/training/matrix/"))
    if user.is_superuser or roles & ADMIN_ROLES:
        links.append(("Admin", "/admin/"))
    return links


def navigation(request) -> dict:
    """Service navigation for the signed-in person; the longest matching link is current."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    links = nav_links(user)
    matches = [url for _, url in links if request.path.startswith(url)]
    current = max(matches, key=len, default=None)
    return {
        "nav_items": [
            {"label": label, "url": url, "active": url == current} for label, url in links
        ]
    }
