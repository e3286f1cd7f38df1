"""Apps plug into the portal through core.registry, without editing the portal."""

import pytest

from core import registry
from people.enums import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def extra_entries():
    section = registry.Section(
        "test_extra",
        "Extra work",
        "Registered by a test app.",
        order=99,
        roles=frozenset({Role.JUDGE.value}),
        context=lambda request: {"who": request.user.username},
        when=lambda user: user.first_name != "Hidden",
    )
    link = registry.NavLink("Extra", "/extra/", order=99, roles=frozenset({Role.JUDGE.value}))
    registry.register_section(section)
    registry.register_nav_link(link)
    yield
    registry._sections.pop("test_extra")
    registry._nav.pop("Extra")


def test_a_registered_section_and_link_reach_the_roles_they_name(login, extra_entries):
    from people.services import set_roles

    judge = UserFactory(first_name="Jo")
    set_roles(user=judge, roles={Role.STAFF, Role.JUDGE})
    page = login(judge).get("/portal/").content.decode()
    assert 'data-section="test_extra"' in page
    assert 'href="/extra/"' in page

    officer = UserFactory()
    page = login(officer).get("/portal/").content.decode()
    assert 'data-section="test_extra"' not in page
    assert 'href="/extra/"' not in page


def test_when_narrows_a_section_beyond_its_roles(login, extra_entries):
    from people.services import set_roles

    judge = UserFactory(first_name="Hidden")
    set_roles(user=judge, roles={Role.STAFF, Role.JUDGE})
    page = login(judge).get("/portal/").content.decode()
    assert 'data-section="test_extra"' not in page


def test_demo_loaders_run_in_order_and_base_only_when_asked(monkeypatch):
    calls = []
    monkeypatch.setattr(registry, "_demo", {})
    registry.register_demo(registry.DemoLoader("b", 20, lambda: calls.append("b") or {"b": 1}))
    registry.register_demo(
        registry.DemoLoader("a", 10, lambda: calls.append("a") or {"a": 1}, base=True)
    )
    from portal.demo import seed_demo

    assert seed_demo() == {"a": 1, "b": 1}
    assert calls == ["a", "b"]
    calls.clear()
    assert seed_demo(full=False) == {"a": 1}
    assert calls == ["a"]
