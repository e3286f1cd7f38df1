from django.urls import reverse

from core import registry
from people.enums import Role
from people.selectors import roles_of

# The Wagtail admin is for the back office only.
ADMIN_ROLES = {Role.PROGRAMME_ADMIN.value, Role.AWARDS_COORDINATOR.value, Role.CMS_EDITOR.value}


def nav_links(user) -> list[tuple[str, str, str]]:
    """(label, url, path prefix it stands for) for each area the person can use.

    "My portal" first, then what the apps registered (``core.registry``), then Admin.
    """
    roles = {role.value for role in roles_of(user)}
    dashboard = reverse("portal:dashboard")
    links = [("My portal", dashboard, dashboard)]
    links += [
        (link.label, link.url, link.current_prefix)
        for link in registry.nav_links()
        if registry.visible(link, roles=roles, user=user)
    ]
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
