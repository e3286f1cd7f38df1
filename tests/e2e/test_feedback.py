"""Feedback journey on the demo data: `officer` answers the survey for a session they
attended (first with a statement missed), then `trainer` reads the session's results."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from people.models import User
from tests.e2e.conftest import check_page, sign_in
from training.models import Feedback
from training.selectors.feedback import pending_feedback_for


def _statement_group(page, key: str):
    return page.get_by_role("group", name=Feedback.STATEMENTS[key])


def test_attendee_gives_feedback_and_trainer_reads_it(full_demo_site, page):
    base = full_demo_site.url
    officer = User.objects.get(username="officer")
    booking = pending_feedback_for(officer).get()
    session = booking.session
    responses_before = Feedback.objects.filter(booking__session=session).count()

    sign_in(page, base, "officer")
    page.goto(base + reverse("training:feedback_form", args=[booking.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Feedback on {session.course.title}")
    check_page(page)

    # Three of the four statements and a comment; the trainer statement is missed.
    answers = {
        "rating_relevance": "5 Strongly agree",
        "rating_confidence": "4 Agree",
        "rating_overall": "4 Agree",
    }  # each radio's name: its number and words
    for key, label in answers.items():
        _statement_group(page, key).get_by_label(label, exact=True).check()
    comment = "The neighbourhood profile exercise was the most useful part of the day."
    page.get_by_label("Comments (optional)").fill(comment)
    page.get_by_role("button", name="Send feedback").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text(
        "Select how much you agree with ‘The trainer explained things clearly’"
    )
    expect(page).to_have_title(re.compile(r"^Error: "))
    for key, label in answers.items():
        expect(_statement_group(page, key).get_by_label(label, exact=True)).to_be_checked()
    expect(page.get_by_label("Comments (optional)")).to_have_value(comment)
    check_page(page)

    _statement_group(page, "rating_trainer").get_by_label("5 Strongly agree", exact=True).check()
    page.get_by_role("button", name="Send feedback").click()

    expect(page).to_have_url(re.compile(r"/portal/$"))
    expect(page.get_by_role("alert")).to_contain_text(
        f"Thank you. Your feedback on {session.course.title} has been sent."
    )
    check_page(page)
    feedback = Feedback.objects.get(booking=booking)
    assert (
        feedback.rating_relevance,
        feedback.rating_confidence,
        feedback.rating_trainer,
        feedback.rating_overall,
        feedback.comments,
    ) == (5, 4, 5, 4, comment)

    # The trainer reads the session's results: chart and table, no names.
    page.context.clear_cookies()
    sign_in(page, base, "trainer")
    page.goto(base + reverse("training:feedback_session", args=[session.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Feedback: {session.course.title}")
    chart = page.get_by_role("img", name=re.compile("Ratings for each statement"))
    expect(chart).to_be_visible()
    table = page.locator('table[data-table="feedback-ratings"]')
    expect(table).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(1 + len(Feedback.STATEMENTS))
    expect(page.locator('[data-figure="responses"]')).to_have_text(str(responses_before + 1))
    expect(page.get_by_text(comment)).to_be_visible()
    expect(page.get_by_text(officer.get_full_name())).to_have_count(0)
    check_page(page)

    # And the whole course, with the sessions table.
    page.goto(base + reverse("training:feedback_course", args=[session.course_id]))
    expect(page.get_by_role("heading", name="Sessions")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Ratings for each statement"))).to_be_visible()
    check_page(page)
