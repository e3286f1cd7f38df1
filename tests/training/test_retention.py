"""Training retention: survey comments are blanked after their period; ratings stay."""

import datetime

import pytest
import time_machine

from core.models import AuditEntry
from core.retention import apply_retention
from tests.training.test_feedback import ALL_FOURS, answer, booking_on, past_session

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 15, tzinfo=datetime.UTC)


def test_old_comments_are_removed_and_the_ratings_kept(settings):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "feedback_comments": 730}
    with time_machine.travel(START, tick=False):
        old = answer(booking_on(past_session()), comments="Sgt Khan talked over everyone")
    with time_machine.travel(START + datetime.timedelta(days=400), tick=False):
        recent = answer(booking_on(past_session()), comments="Very useful")

    with time_machine.travel(START + datetime.timedelta(days=731), tick=False):
        outcomes = {o.key: o.count for o in apply_retention(only="feedback_comments")}

    old.refresh_from_db()
    recent.refresh_from_db()
    assert outcomes == {"feedback_comments": 1}
    assert (old.comments, old.rating_overall) == ("", ALL_FOURS["rating_overall"])
    assert recent.comments == "Very useful"
    entry = AuditEntry.objects.get(action="training.feedback.comments_removed")
    assert entry.data["ids"] == [old.pk]
