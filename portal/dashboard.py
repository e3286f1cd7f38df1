"""The sections of 'My portal': whatever the apps registered, shown to the roles they concern.

Apps register their sections in ``core.registry`` from their ``AppConfig.ready()``;
the portal only chooses and orders them, so a new app joins the dashboard
without editing this file.
"""

from core import registry
from people.selectors import roles_of


def sections_for(user) -> list[registry.Section]:
    roles = {role.value for role in roles_of(user)}
    return [s for s in registry.sections() if registry.visible(s, roles=roles, user=user)]
