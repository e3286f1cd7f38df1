"""The access matrix: every URL pattern, every role, GET and POST, against access_table.

One world (world.py) is built per test session; each person is signed in once (through
``tests.auth.sign_in_as``) and each case reuses their session cookie, so a case costs one
request. POSTs carry no data: a refused POST must leave other people's records as they
were, and no case may answer 500.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.access_table import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    PREFIX_RULES,
    TABLE,
    client_as,
    outcome_of,
    url_for,
)
from tests.security.world import ROLES

# Not ours to classify one by one: served by Wagtail under these prefixes (PREFIX_RULES).
PREFIXES = ("admin/", "documents/")


def discovered_patterns() -> set[str]:
    """Every named pattern of the URLconf (allauth's included), except the prefixes."""
    names = set()

    def walk(patterns, prefix="", namespace=None):
        for item in patterns:
            route = prefix + str(item.pattern)
            if isinstance(item, URLResolver):
                ns = item.namespace
                inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
                walk(item.url_patterns, route, inner)
            elif isinstance(item, URLPattern) and not route.startswith(PREFIXES):
                assert item.name, f"an unnamed URL pattern cannot be classified: {route}"
                names.add(f"{namespace}:{item.name}" if namespace else item.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_url_pattern_is_in_the_access_table():
    missing = sorted(discovered_patterns() - set(TABLE))
    assert not missing, (
        "These URL patterns are not in tests/security/access_table.py; say who may use "
        "them: " + ", ".join(missing)
    )
    gone = sorted(set(TABLE) - discovered_patterns())
    assert not gone, "The access table names patterns that no longer exist: " + ", ".join(gone)


# What a refused POST must not touch: other people's records, field by field.
def others_records(world) -> dict:
    from awards.models import Assignment, Conflict, Entry, Guest
    from portfolios.models import Enrolment, Evidence
    from training.models import Booking, Session

    ids = world.ids
    watched = [
        (Entry, [ids["entry"], ids["entry_b"], ids["finalist_entry"]]),
        (Evidence, [ids["evidence"], ids["evidence_b"]]),
        (Enrolment, [ids["enrolment"], ids["enrolment_b"]]),
        (Booking, [ids["booking"], ids["feedback_booking"]]),
        (Session, [ids["session"]]),
        (Assignment, [ids["assignment"]]),
        (Conflict, [ids["conflict"]]),
        (Guest, [ids["guest"]]),
    ]
    return {
        model.__name__: list(model.objects.filter(pk__in=pks).order_by("pk").values())
        for model, pks in watched
    } | {
        "counts": [
            model.objects.count()
            for model in (Entry, Evidence, Enrolment, Booking, Assignment, Conflict, Guest)
        ]
    }


CASES = [
    pytest.param(name, role, method, id=f"{name}-{role}-{method}")
    for name in sorted(TABLE)
    for role in ROLES
    for method in ("get", "post")
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role", "method"), CASES)
def test_access(world, cookies, name, role, method):
    page = TABLE[name]
    expected = getattr(page, method)[role]
    client = client_as(cookies, role)
    url = url_for(name, page, world.ids)
    watch = method == "post" and expected != OK
    before = others_records(world) if watch else None

    response = getattr(client, method)(url)

    assert response.status_code != 500, f"{method.upper()} {url} as {role}: 500"
    assert outcome_of(response) == expected, (
        f"{method.upper()} {url} as {role}: got {response.status_code} "
        f"{response.get('Location', '')}, expected {expected}"
    )
    if watch:
        assert others_records(world) == before, f"a refused POST {url} as {role} changed records"


CROSS_CASES = [
    pytest.param(name, i, id=f"{name}-cross{i}")
    for name in sorted(TABLE)
    for i, _ in enumerate(TABLE[name].cross)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "index"), CROSS_CASES)
def test_a_child_from_another_parent_is_refused(world, cookies, name, index):
    """The child id in the address belongs to another parent: the person who may use the
    parent still gets nothing."""
    page = TABLE[name]
    kwargs, role, method, expected = page.cross[index]
    url = url_for(name, page, world.ids, kwargs)
    before = others_records(world)

    response = getattr(client_as(cookies, role), method)(url)

    assert outcome_of(response) == expected, (
        f"{method.upper()} {url} as {role}: got {response.status_code}"
    )
    assert others_records(world) == before


PREFIX_CASES = [
    pytest.param(path, role, expected, id=f"{path}-{role}")
    for path, by_role in PREFIX_RULES.items()
    for role, expected in by_role.items()
]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "role", "expected"), PREFIX_CASES)
def test_wagtail_admin_and_documents_prefixes(cookies, path, role, expected):
    response = client_as(cookies, role).get(path)

    assert response.status_code != 500
    assert outcome_of(response) == expected, f"GET {path} as {role}: {response.status_code}"


@pytest.mark.django_db
def test_an_entrys_assignment_page_refuses_another_entrys_assignment(world, cookies):
    """The POST body's child (an assignment) is checked against the address's parent
    (the entry): leak 3 of the first matrix run."""
    from awards.models import Assignment

    theirs = Assignment.objects.exclude(entry_id=world.ids["entry_b"]).get(
        pk=world.ids["assignment"]
    )
    url = reverse(
        "awards:manage_assignment_entry",
        kwargs={"pk": world.ids["round"], "entry_pk": world.ids["entry_b"]},
    )
    before = others_records(world)

    response = client_as(cookies, "awards_coordinator").post(
        url, {"assignment": theirs.pk, "action": "remove"}
    )

    assert response.status_code == NOT_FOUND
    assert others_records(world) == before


def test_the_expected_outcomes_are_the_declared_kinds():
    kinds = {OK, LOGIN, FORBIDDEN, NOT_FOUND, 401, 405}
    for name, page in TABLE.items():
        for method in ("get", "post"):
            table = getattr(page, method)
            assert set(table) == set(ROLES), name
            assert set(table.values()) <= kinds, name
