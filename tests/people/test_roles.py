import pytest
from django.contrib.auth.models import Group

from people.enums import Role
from people.roles import sync_roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


def test_admin_access_only_for_back_office_roles():
    sync_roles()
    for role in Role:
        user = UserFactory(roles=[role])
        expected = role in {Role.PROGRAMME_ADMIN, Role.AWARDS_COORDINATOR, Role.CMS_EDITOR}
        assert user.has_perm("wagtailadmin.access_admin") is expected, role


def test_sync_roles_is_idempotent():
    first = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in sync_roles().values()}
    second = {
        g.name: set(g.permissions.values_list("pk", flat=True)) for g in sync_roles().values()
    }
    assert first == second
