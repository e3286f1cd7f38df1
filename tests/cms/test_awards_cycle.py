"""The hook point the awards app fills with the current cycle's dates."""

import datetime

import pytest
from django.test import RequestFactory
from wagtail import hooks

from cms.awards_cycle import HOOK_NAME, CycleDates, current_cycle


@pytest.fixture
def request_():
    return RequestFactory().get("/pop-awards/")


def test_no_hook_means_no_cycle(request_):
    assert current_cycle(request_) is None


def test_a_hook_returning_none_means_no_cycle(request_):
    with hooks.register_temporarily(HOOK_NAME, lambda request: None):
        assert current_cycle(request_) is None


def test_a_mapping_becomes_cycle_dates_without_empty_dates(request_):
    opens = datetime.date(2027, 1, 11)

    def cycle(request):
        return {
            "name": "POP Awards 2027",
            "dates": [("Entries open", opens), ("Ceremony", None)],
            "enter_url": "",
        }

    with hooks.register_temporarily(HOOK_NAME, cycle):
        assert current_cycle(request_) == CycleDates(
            name="POP Awards 2027", dates=[("Entries open", opens)], enter_url=None
        )


def test_a_hook_returning_something_else_is_a_programming_error(request_):
    with (
        hooks.register_temporarily(HOOK_NAME, lambda request: ["POP Awards 2027"]),
        pytest.raises(TypeError, match=HOOK_NAME),
    ):
        current_cycle(request_)
