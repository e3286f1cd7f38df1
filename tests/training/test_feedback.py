import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from people.enums import Role
from tests.auth import sign_in_as
from tests.factories import CourseFactory, SessionFactory, UserFactory
from training.enums import BookingStatus, SessionStatus
from training.models import Booking, Feedback
from training.selectors.feedback import (
    course_bookings,
    pending_feedback_for,
    session_bookings,
    summarise,
    trainer_bookings,
)
from training.services import TrainingError
from training.services.feedback import request_feedback, request_feedback_task, submit_feedback

pytestmark = pytest.mark.django_db

ALL_FOURS = dict.fromkeys(Feedback.STATEMENTS, 4)


def past_session(*, days_ago: int = 3, trainers=(), course=None, **kwargs):
    starts = (timezone.now() - datetime.timedelta(days=days_ago)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    return SessionFactory(
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2, minutes=30),
        status=SessionStatus.DELIVERED,
        trainers=list(trainers),
        **({"course": course} if course else {}),
        **kwargs,
    )


def booking_on(session, *, status=BookingStatus.ATTENDED, person=None) -> Booking:
    return Booking.objects.create(session=session, person=person or UserFactory(), status=status)


def answer(booking, ratings=None, comments="") -> Feedback:
    return submit_feedback(
        booking=booking, by=booking.person, ratings=ratings or ALL_FOURS, comments=comments
    )


def refused(code: str, **kwargs) -> TrainingError:
    with pytest.raises(TrainingError) as info:
        submit_feedback(**kwargs)
    assert info.value.code == code, str(info.value)
    return info.value


# --- submit_feedback -------------------------------------------------------------


def test_submit_feedback_saves_ratings_and_comments():
    booking = booking_on(past_session())
    ratings = {
        "rating_relevance": 5,
        "rating_confidence": 4,
        "rating_trainer": 3,
        "rating_overall": 5,
    }
    feedback = answer(booking, ratings, "  Useful examples from housing.  ")
    feedback.refresh_from_db()
    assert (
        feedback.rating_relevance,
        feedback.rating_confidence,
        feedback.rating_trainer,
        feedback.rating_overall,
        feedback.comments,
    ) == (5, 4, 3, 5, "Useful examples from housing.")
    assert AuditEntry.objects.filter(action="training.feedback.submitted").count() == 1


def test_submit_feedback_refused_a_second_time():
    booking = booking_on(past_session())
    answer(booking)
    error = refused(
        "already_given", booking=booking, by=booking.person, ratings=ALL_FOURS, comments=""
    )
    assert str(error) == "You have already given feedback on this session. Thank you."
    assert Feedback.objects.count() == 1


def test_submit_feedback_refused_for_someone_else():
    booking = booking_on(past_session())
    refused("not_attendee", booking=booking, by=UserFactory(), ratings=ALL_FOURS, comments="")


@pytest.mark.parametrize(
    "status",
    [
        BookingStatus.NO_SHOW,
        BookingStatus.CONFIRMED,
        BookingStatus.CANCELLED,
        BookingStatus.WAITLISTED,
    ],
)
def test_submit_feedback_refused_unless_attended(status):
    booking = booking_on(past_session(), status=status)
    refused("not_attended", booking=booking, by=booking.person, ratings=ALL_FOURS, comments="")


def test_submit_feedback_refused_before_the_session_ends():
    starts = timezone.now() - datetime.timedelta(hours=1)
    session = SessionFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
    booking = booking_on(session)
    refused("not_ended", booking=booking, by=booking.person, ratings=ALL_FOURS, comments="")


@pytest.mark.parametrize(
    ("ratings", "code"),
    [
        ({**ALL_FOURS, "rating_trainer": None}, "ratings_missing"),
        ({k: v for k, v in ALL_FOURS.items() if k != "rating_overall"}, "ratings_missing"),
        ({**ALL_FOURS, "rating_trainer": 0}, "ratings_range"),
        ({**ALL_FOURS, "rating_trainer": 6}, "ratings_range"),
        ({**ALL_FOURS, "rating_trainer": "five"}, "ratings_range"),
        ({**ALL_FOURS, "rating_venue": 3}, "ratings_unknown"),
    ],
)
def test_submit_feedback_refused_for_bad_ratings(ratings, code):
    booking = booking_on(past_session())
    refused(code, booking=booking, by=booking.person, ratings=ratings, comments="")
    assert Feedback.objects.count() == 0


# --- request_feedback ------------------------------------------------------------


def test_request_feedback_asks_only_attendees_of_ended_sessions(
    django_capture_on_commit_callbacks, settings
):
    settings.BASE_URL = "https://pop.example.police.uk/"
    ended = past_session()
    attended = booking_on(ended)
    booking_on(ended, status=BookingStatus.NO_SHOW)
    booking_on(ended, status=BookingStatus.CANCELLED)
    answered = booking_on(ended)
    answer(answered)
    running_start = timezone.now() - datetime.timedelta(hours=1)
    running = SessionFactory(
        starts_at=running_start, ends_at=running_start + datetime.timedelta(hours=3)
    )
    booking_on(running)

    with django_capture_on_commit_callbacks(execute=True):
        asked = request_feedback()

    assert asked == 1
    assert [m.to for m in mail.outbox] == [[attended.person.email]]
    url = f"https://pop.example.police.uk/training/feedback/{attended.pk}/"
    assert url in mail.outbox[0].body
    assert f'href="{url}"' in mail.outbox[0].alternatives[0].content
    attended.refresh_from_db()
    assert attended.feedback_requested_at is not None
    assert list(
        Booking.objects.filter(feedback_requested_at__isnull=False).values_list("pk", flat=True)
    ) == [attended.pk]


def test_request_feedback_is_idempotent(django_capture_on_commit_callbacks):
    booking_on(past_session())
    with django_capture_on_commit_callbacks(execute=True):
        assert request_feedback() == 1
        assert request_feedback() == 0
    assert len(mail.outbox) == 1


def test_request_feedback_task_calls_the_service(django_capture_on_commit_callbacks):
    booking_on(past_session())
    with django_capture_on_commit_callbacks(execute=True):
        result = request_feedback_task.enqueue()
    assert result.return_value == 1
    assert len(mail.outbox) == 1


# --- selectors -------------------------------------------------------------------


def test_pending_feedback_for_lists_attended_ended_sessions_without_feedback():
    person = UserFactory()
    owed = booking_on(past_session(days_ago=3), person=person)
    answered = booking_on(past_session(days_ago=10), person=person)
    answer(answered)
    booking_on(past_session(days_ago=20), person=person, status=BookingStatus.NO_SHOW)
    booking_on(SessionFactory(), person=person, status=BookingStatus.CONFIRMED)
    booking_on(past_session(days_ago=4))  # someone else's
    assert list(pending_feedback_for(person)) == [owed]


def test_session_summary_counts_means_distribution_and_rate():
    session = past_session()
    bookings = [booking_on(session) for _ in range(4)]
    booking_on(session, status=BookingStatus.NO_SHOW)
    answer(bookings[0], {**ALL_FOURS, "rating_overall": 5})
    answer(bookings[1], {**ALL_FOURS, "rating_overall": 2})
    answer(bookings[2], {**ALL_FOURS, "rating_overall": 5})

    summary = summarise(session_bookings(session))

    assert (summary.attendees, summary.responses, summary.rate_percent) == (4, 3, 75)
    overall = {s.key: s for s in summary.statements}["rating_overall"]
    assert overall.counts == (0, 1, 0, 0, 2)
    assert overall.mean == 4.0
    relevance = {s.key: s for s in summary.statements}["rating_relevance"]
    assert (relevance.counts, relevance.mean) == ((0, 0, 0, 3, 0), 4.0)


def test_course_and_trainer_summaries_cover_their_sessions_only():
    trainer, other_trainer = UserFactory(), UserFactory()
    course = CourseFactory()
    mine = past_session(days_ago=5, trainers=[trainer], course=course)
    theirs = past_session(days_ago=40, trainers=[other_trainer], course=course)
    elsewhere = past_session(days_ago=60, trainers=[trainer])
    for session, rating in [(mine, 5), (theirs, 1), (elsewhere, 3)]:
        answer(booking_on(session), dict.fromkeys(Feedback.STATEMENTS, rating))

    by_course = summarise(course_bookings(course))
    by_trainer = summarise(trainer_bookings(trainer))

    assert (by_course.responses, by_course.statements[0].counts) == (2, (1, 0, 0, 0, 1))
    assert (by_trainer.responses, by_trainer.statements[0].counts) == (2, (0, 0, 1, 0, 1))
    assert by_trainer.statements[0].mean == 4.0


def test_summary_with_no_attendees_has_no_rate():
    summary = summarise(session_bookings(SessionFactory()))
    assert (summary.attendees, summary.responses, summary.rate, summary.statements[0].mean) == (
        0,
        0,
        None,
        None,
    )


# --- the survey page ----------------------------------------------------------------


def test_survey_shows_a_scale_of_radios_for_each_statement(login):
    booking = booking_on(past_session())
    response = login(booking.person).get(reverse("training:feedback_form", args=[booking.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="govuk-radios pop-scale"') == len(Feedback.STATEMENTS)
    assert html.count("<legend") == len(Feedback.STATEMENTS)
    words = '>1 <span class="pop-scale__words">Strongly disagree</span></label>'
    assert html.count(words) == len(Feedback.STATEMENTS)
    assert html.count('>5 <span class="pop-scale__words">Strongly agree</span></label>') == 4
    assert 'name="comments"' in html


def test_survey_keeps_answers_when_a_statement_is_missing(login):
    booking = booking_on(past_session())
    client = login(booking.person)
    url = reverse("training:feedback_form", args=[booking.pk])
    response = client.post(
        url,
        {
            "rating_relevance": "5",
            "rating_confidence": "2",
            "rating_overall": "4",
            "comments": "More time on the problem analysis triangle, please.",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert (
        '<a href="#id_rating_trainer_0">Select how much you agree with '
        "‘The trainer explained things clearly’</a>"
    ) in html
    checked = re.findall(r'name="(rating_\w+)" type="radio" value="(\d)" checked', html)
    assert checked == [
        ("rating_relevance", "5"),
        ("rating_confidence", "2"),
        ("rating_overall", "4"),
    ]
    assert "More time on the problem analysis triangle, please.</textarea>" in html
    assert Feedback.objects.count() == 0


def test_survey_submits_and_redirects(login):
    booking = booking_on(past_session())
    client = login(booking.person)
    url = reverse("training:feedback_form", args=[booking.pk])
    response = client.post(url, {**dict.fromkeys(Feedback.STATEMENTS, "4"), "comments": "Good."})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard")
    assert Feedback.objects.get().booking == booking
    again = client.get(url)
    assert "Thank you for your feedback" in again.content.decode()
    assert client.post(url, dict.fromkeys(Feedback.STATEMENTS, "1")).status_code == 200
    assert Feedback.objects.get().rating_overall == 4


def test_survey_is_forbidden_to_anyone_else(login):
    booking = booking_on(past_session())
    response = login(UserFactory()).get(reverse("training:feedback_form", args=[booking.pk]))
    assert response.status_code == 403


def test_survey_explains_when_not_attended(login):
    booking = booking_on(past_session(), status=BookingStatus.NO_SHOW)
    response = login(booking.person).get(reverse("training:feedback_form", args=[booking.pk]))
    assert response.status_code == 200
    assert "Only people who attended the session can give feedback on it." in (
        response.content.decode()
    )


# --- results pages ------------------------------------------------------------------


def _results_urls(session, course, trainer) -> dict[str, str]:
    return {
        "session": reverse("training:feedback_session", args=[session.pk]),
        "course": reverse("training:feedback_course", args=[course.pk]),
        "trainer": reverse("training:feedback_trainer", args=[trainer.pk]),
    }


@pytest.fixture
def delivered():
    trainer = UserFactory(roles=[Role.TRAINER])
    course = CourseFactory()
    course.approved_trainers.add(trainer)
    session = past_session(trainers=[trainer], course=course)
    for rating in (5, 4, 4):
        answer(
            booking_on(session),
            dict.fromkeys(Feedback.STATEMENTS, rating),
            comments=f"Rated {rating}: the ASB case study helped.",
        )
    booking_on(session)  # attended, no answer
    return {"trainer": trainer, "course": course, "session": session}


@pytest.mark.parametrize("page", ["session", "course", "trainer"])
def test_results_show_chart_table_and_anonymous_comments(login, delivered, page):
    urls = _results_urls(delivered["session"], delivered["course"], delivered["trainer"])
    response = login(delivered["trainer"]).get(urls[page])
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="img"' in html
    assert '<title id="feedback-chart-title">' in html
    assert "style=" not in html
    assert "<script>" not in html
    assert re.search(r'data-figure="responses">3<', html)
    assert re.search(r'data-figure="rate">75%', html)
    table = html.split('data-table="feedback-ratings"', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r'govuk-table__cell--numeric">([^<]*)<', table)
    assert cells[:6] == ["0", "0", "0", "2", "1", "4.3"]
    assert "Rated 5: the ASB case study helped." in html
    for booking in Booking.objects.select_related("person"):
        assert booking.person.get_full_name() not in html


def test_results_say_so_when_nobody_answered(login):
    trainer = UserFactory(roles=[Role.TRAINER])
    session = past_session(trainers=[trainer])
    booking_on(session)
    html = login(trainer).get(reverse("training:feedback_session", args=[session.pk])).content
    assert b"No one has given feedback yet." in html
    assert b'role="img"' not in html


def _status(client, url) -> int:
    return client.get(url).status_code


def test_results_permissions(client, delivered):
    urls = _results_urls(delivered["session"], delivered["course"], delivered["trainer"])
    other_trainer = UserFactory(roles=[Role.TRAINER])
    admin = UserFactory(roles=[Role.PROGRAMME_ADMIN])
    attendee = Booking.objects.filter(session=delivered["session"]).first().person
    expected = {
        delivered["trainer"]: {"session": 200, "course": 200, "trainer": 200},
        admin: {"session": 200, "course": 200, "trainer": 200},
        other_trainer: {"session": 403, "course": 403, "trainer": 403},
        attendee: {"session": 403, "course": 403, "trainer": 403},
    }
    seen = {}
    for user in expected:
        sign_in_as(client, user)
        seen[user] = {page: _status(client, url) for page, url in urls.items()}
    assert seen == expected
    sign_in_as(client, other_trainer)
    own = reverse("training:feedback_trainer", args=[other_trainer.pk])
    assert _status(client, own) == 200
    delivered["course"].approved_trainers.add(other_trainer)
    assert _status(client, urls["course"]) == 200


def test_results_require_sign_in(client, delivered):
    url = reverse("training:feedback_session", args=[delivered["session"].pk])
    assert client.get(url).status_code == 302


def test_course_results_export_the_sessions(login, delivered):
    url = reverse("training:feedback_course", args=[delivered["course"].pk])
    response = login(delivered["trainer"]).get(url + "?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="feedback-{delivered["course"].pk}.xlsx"'
    )


def _add_answers(delivered, count: int) -> None:
    """``count`` more sessions with three answers each, and three more answers per session."""
    for index in range(count):
        session = past_session(
            days_ago=5 + index * 7, trainers=[delivered["trainer"]], course=delivered["course"]
        )
        for target in (session, delivered["session"]):
            for rating in (1, 3, 5):
                answer(booking_on(target), dict.fromkeys(Feedback.STATEMENTS, rating), "Useful.")


@pytest.mark.parametrize("sessions", [1, 12])
@pytest.mark.parametrize("page", ["session", "course", "trainer"])
def test_results_query_count_is_fixed(django_assert_num_queries, login, delivered, sessions, page):
    _add_answers(delivered, sessions)
    urls = _results_urls(delivered["session"], delivered["course"], delivered["trainer"])
    client = login(delivered["trainer"])
    expected = {"session": 9, "course": 10, "trainer": 9}[page]
    with django_assert_num_queries(expected):
        assert client.get(urls[page]).status_code == 200


def test_course_results_export_shows_rates_as_percentages_of_numbers(login, delivered):
    import io

    from openpyxl import load_workbook

    url = reverse("training:feedback_course", args=[delivered["course"].pk])
    response = login(delivered["trainer"]).get(url + "?export=xlsx")

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [c.value for c in sheet[1]]
    rate = sheet.cell(row=2, column=header.index("Response rate") + 1)
    mean = sheet.cell(row=2, column=header.index("Mean overall rating (1 to 5)") + 1)
    assert isinstance(rate.value, float)
    assert rate.number_format == "0%"
    assert mean.number_format == "0.0"
    assert sheet.column_dimensions["A"].width > 15


def test_survey_scale_is_laid_out_as_one_row_of_five_not_wrapping_radios(login):
    booking = booking_on(past_session())
    response = login(booking.person).get(reverse("training:feedback_form", args=[booking.pk]))
    html = response.content.decode()
    assert html.count('class="govuk-radios pop-scale"') == len(Feedback.STATEMENTS)
    assert "govuk-radios--inline" not in html
