"""Public pages are kept in the cache for anonymous visitors and dropped when content changes."""

import pytest
from django.contrib.messages import constants
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms import page_cache
from core.page_cache import counter
from tests.factories import UserFactory, make_case_study

pytestmark = pytest.mark.django_db


def test_the_second_anonymous_visit_is_served_from_the_cache_without_a_query(client, site):
    first = client.get("/")
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/")
    assert second.status_code == 200
    assert second.content == first.content
    assert len(queries) == 0


def test_each_library_search_is_kept_apart(client, site):
    make_case_study(site.library, title="Peer mentors in Durham")
    make_case_study(site.library, title="Street lighting in Leeds")
    mentors = client.get("/library/?q=mentors").content.decode()
    lighting = client.get("/library/?q=lighting").content.decode()
    assert "Peer mentors in Durham" in mentors
    assert "Peer mentors in Durham" not in lighting
    assert "Street lighting in Leeds" in lighting


def test_publishing_a_change_shows_at_once(client, site):
    client.get("/")
    site.home.title = "A new front page title"
    site.home.save_revision().publish()
    assert "A new front page title" in client.get("/").content.decode()


def test_a_new_case_study_shows_in_the_library_at_once(client, site):
    client.get("/library/")
    make_case_study(site.library, title="A brand new case study")
    assert "A brand new case study" in client.get("/library/").content.decode()


def test_any_change_in_the_apps_public_pages_show_moves_the_generation_on(site):
    before = page_cache.generation()
    make_case_study(site.library, title="Another")
    assert page_cache.generation() > before
    moved = page_cache.generation()
    UserFactory()  # people are not shown on public pages
    assert page_cache.generation() == moved


def test_saves_in_a_transaction_move_the_generation_at_the_commit_and_at_once_only_after_a_read(
    site, django_capture_on_commit_callbacks
):
    def current():  # without counting as a read
        return counter(page_cache.GENERATION_KEY)

    page_cache.generation()  # a public page was built in this process
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        start = current()
        make_case_study(site.library, title="One")
        first = current()
        assert first > start  # a page built now in this transaction must not be the old one
        make_case_study(site.library, title="Two")
        # Nothing read since: no cache round trip on every save (a rush of bookings),
        # only at the commit, when other processes can see the change.
        assert current() == first
    assert current() > first


def test_signed_in_people_get_their_own_page_not_the_anonymous_copy(client, login, site):
    client.get("/")
    user = UserFactory(first_name="Dana", last_name="Signedin")
    login(user)
    page = client.get("/").content.decode()
    assert "Sign out" in page
    assert "Dana" in page


def test_a_signed_in_visit_is_never_kept_for_anonymous_visitors(client, login, site):
    login(UserFactory())
    client.get("/")
    client.logout()
    assert "Sign out" not in client.get("/").content.decode()


def test_a_request_with_messages_waiting_is_rendered_not_served_from_the_cache(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = rf.get("/")
    request.user = AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    assert page_cache._cacheable_request(request)
    request._messages.add(constants.SUCCESS, "You have signed out")
    assert not page_cache._cacheable_request(request)


def test_a_restricted_page_is_never_kept(client, site):
    PageViewRestriction.objects.create(
        page=site.library, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    session = client.session
    session[PageViewRestriction.passed_view_restrictions_session_key] = [
        site.library.view_restrictions.get().pk
    ]
    session.save()
    passed = client.get("/library/")
    assert passed.status_code == 200
    # Wagtail asks anyone else for the password (a 200 page with the form), never the copy.
    asked = type(client)().get("/library/")
    assert asked.content != passed.content
    assert 'name="password"' in asked.content.decode()
