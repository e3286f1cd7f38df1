"""A signed-in person's pages are kept for them and never outlive a change (core.page_cache)."""

import datetime
import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core import page_cache
from core.audit import record
from core.models import AuditEntry
from tests.factories import SessionFactory, UserFactory
from training.models import Session

pytestmark = pytest.mark.django_db

SESSIONS = "/training/sessions/"


def _visit(client, path=SESSIONS):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def officer(login):
    user = UserFactory()
    login(user)
    return user


def test_a_second_visit_is_the_same_page_without_building_it(client, officer):
    SessionFactory(course__title="Problem solving masterclass")
    _visit(client)  # the first page hands the browser its CSRF cookie
    first = _visit(client)
    with CaptureQueriesContext(connection) as queries:
        second = _visit(client)
    assert second == first
    assert "Problem solving masterclass" in second
    # Only the session's user and what the middleware asks each request; none of the list's.
    assert not any("training_session" in q["sql"] for q in queries.captured_queries)


def test_a_new_session_shows_at_once(client, officer):
    _visit(client)
    _visit(client)
    SessionFactory(course__title="A brand new masterclass")
    assert "A brand new masterclass" in _visit(client)


def test_a_bulk_update_and_raw_sql_show_at_once(client, officer):
    session = SessionFactory(course__title="Neighbourhood engagement")
    _visit(client)
    _visit(client)
    Session.objects.filter(pk=session.pk).update(notes="x")  # no signal is sent for this
    moved = page_cache.generation()
    _visit(client)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE training_course SET title = %s", ["Renamed by hand"])
    assert page_cache.generation() > moved
    assert "Renamed by hand" in _visit(client)


def test_each_person_gets_only_their_own_page(client, login):
    SessionFactory()
    first = UserFactory(first_name="Avery", last_name="Firstperson")
    second = UserFactory(first_name="Blake", last_name="Secondperson")
    login(first)
    _visit(client)
    assert "Avery" in _visit(client)
    login(second)
    _visit(client)
    page = _visit(client)
    assert "Blake" in page
    assert "Avery" not in page


def test_each_address_is_kept_apart(client, officer):
    session = SessionFactory(course__title="Masterclass on page one")
    _visit(client)
    everything = _visit(client)
    later = session.starts_at.date() + datetime.timedelta(days=1)
    nothing = _visit(client, f"{SESSIONS}?date_from={later:%Y-%m-%d}")
    assert f'href="/training/sessions/{session.pk}/"' in everything
    assert f'href="/training/sessions/{session.pk}/"' not in nothing


def test_a_page_with_messages_waiting_is_built_and_shows_them_once(client, officer):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse
    from django.test import RequestFactory

    _visit(client)
    kept = _visit(client)
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.SUCCESS, "Your booking is cancelled")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies[storage.cookie_name] = carrier.cookies[storage.cookie_name].value
    shown = _visit(client)
    assert "Your booking is cancelled" in shown
    assert "Your booking is cancelled" not in kept
    assert "Your booking is cancelled" not in _visit(client)


def test_the_permission_check_still_runs_on_a_kept_page(client, login):
    from django.contrib.auth.models import Group

    from people.roles import Role

    assessor = UserFactory()
    assessor.groups.add(Group.objects.get(name=Role.ASSESSOR.label))
    login(assessor)
    _visit(client, "/portfolios/assessing/")
    _visit(client, "/portfolios/assessing/")
    assessor.groups.clear()
    assert client.get("/portfolios/assessing/").status_code == 403


def test_recording_a_view_in_the_audit_trail_does_not_make_pages_stale():
    before = page_cache.generation()
    record(actor=None, action="test.viewed", summary="looked")
    assert AuditEntry.objects.filter(action="test.viewed").exists()
    assert page_cache.generation() == before


def test_turned_off_nothing_is_kept(client, officer, settings):
    settings.PAGE_CACHE = False
    SessionFactory()
    _visit(client)
    _visit(client)
    with CaptureQueriesContext(connection) as queries:
        _visit(client)
    assert any("training_session" in q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_a_page_built_while_another_transaction_writes_is_stale_once_it_commits():
    """Another process's transaction writes; meanwhile a page is built (from the data as it
    was) and kept; the commit makes it stale."""
    at_write = threading.Event()
    go_on = threading.Event()

    def writer():
        with transaction.atomic():
            SessionFactory(course__title="Committed later")
            at_write.set()
            go_on.wait(10)
        connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    at_write.wait(10)
    built_at = page_cache.generation()  # what a page built now would be kept under
    go_on.set()
    thread.join(10)
    assert page_cache.generation() > built_at


def test_writes_in_a_transaction_move_the_generation_at_the_commit_and_at_once_only_after_a_read(
    django_capture_on_commit_callbacks,
):
    def current():  # without counting as a read
        return page_cache.counter(page_cache.GENERATION_KEY)

    page_cache.generation()  # a page was built in this process
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        start = current()
        SessionFactory()
        first = current()
        assert first > start  # a page built now in this transaction must not be the old one
        SessionFactory()
        assert current() == first  # nothing read since: no cache round trip a write
        page_cache.generation()
        SessionFactory()
        second = current()
        assert second > first  # read again, so moved again
    assert current() > second  # and at the commit, for the other processes


def test_a_role_given_or_taken_away_counts_at_once(client, login):
    from django.contrib.auth.models import Group

    from people.roles import Role

    person = UserFactory()
    login(person)
    assert client.get("/portfolios/assessing/").status_code == 403
    assert client.get("/portfolios/assessing/").status_code == 403  # kept: still no role
    person.groups.add(Group.objects.get(name=Role.ASSESSOR.label))
    # The role counts at once: an assessor must first set up a second factor.
    response = client.get("/portfolios/assessing/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")
    person.groups.clear()
    assert client.get("/portfolios/assessing/").status_code == 403


def test_roles_come_with_the_person_and_permissions_are_kept_until_data_changes(client, officer):
    _visit(client)
    with CaptureQueriesContext(connection) as queries:
        _visit(client, "/training/my/")
    reading_roles = [q["sql"] for q in queries.captured_queries if "auth_group" in q["sql"]]
    # One query loads the signed-in person and their roles (people.backends.get_user).
    assert len(reading_roles) == 1
    assert reading_roles[0].startswith('SELECT "people_user"."id"')
    assert not any("auth_permission" in q["sql"] for q in queries.captured_queries)


def test_a_kept_page_keeps_the_headers_its_view_set(rf, settings):
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse

    request = rf.get("/somewhere/")
    request.session = SessionStore()
    request.session.create()
    request.COOKIES[settings.CSRF_COOKIE_NAME] = "x" * 32
    request.META["CSRF_COOKIE"] = "x" * 32

    def build():
        response = HttpResponse("<p>Hello</p>", content_type="text/html; charset=utf-8")
        response["Cache-Control"] = "private"
        return response

    page_cache.personal_page(request, build)
    kept = page_cache.personal_page(request, lambda: HttpResponse("built again"))
    assert kept.content == b"<p>Hello</p>"
    assert kept["Cache-Control"] == "private"
    assert kept["Content-Type"] == "text/html; charset=utf-8"


# --- narrower generations (watch_tables) ---------------------------------------------


def test_facts_kept_under_a_narrower_generation_last_until_one_of_its_tables_changes():
    builds = []

    def build():
        builds.append(1)
        return len(builds)

    def facts():
        return page_cache.kept(
            "test:course-facts", build, generation="training:programme:generation"
        )

    assert facts() == 1
    SessionFactory()  # writes sessions (and a course, a venue): the course is watched
    assert facts() == 2
    record(actor=None, action="x.y", summary="quiet")
    Session.objects.update(capacity=20)  # only sessions: the programme stands
    assert facts() == 2
    with connection.cursor() as cursor:
        cursor.execute("UPDATE training_course SET summary = 'changed'")
    assert facts() == 3
    page_cache.data_changed()  # e.g. a restore: everything is stale
    assert facts() == 4


def test_a_narrower_generation_moves_again_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    from training.models import Course

    course = SessionFactory().course
    before = page_cache.counter("training:programme:generation")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Course.objects.filter(pk=course.pk).update(summary="Changed")
        during = page_cache.counter("training:programme:generation")
    after = page_cache.counter("training:programme:generation")
    assert before < during < after
