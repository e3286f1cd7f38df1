"""Views for training: the post-session survey and feedback results.

Results are shown per session, per course and per trainer, each as a bar chart
drawn on the server as inline SVG (no script or inline style, so it works under
the strict CSP) with the same figures in a table beside it. Respondents are
never named: comments are listed without their author.
"""

import textwrap

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django_tables2 import RequestConfig

from core.exports import table_xlsx_response
from training.forms.feedback import FeedbackForm
from training.models import Booking, Course, Session
from training.selectors import feedback as selectors
from training.services import TrainingError
from training.services.feedback import RATING_CHOICES, check_can_give_feedback, submit_feedback
from training.tables.feedback import SessionFeedbackTable

User = get_user_model()

COMMENTS_PER_PAGE = 20
SESSIONS_PER_PAGE = 20

# --- the chart ---------------------------------------------------------------

# One colour per rating, strongly disagree (red) to strongly agree (green), with
# the text colour that keeps the count readable on it.
RATING_COLOURS = {
    1: ("#d4351c", "#ffffff"),
    2: ("#f47738", "#0b0c0c"),
    3: ("#b1b4b6", "#0b0c0c"),
    4: ("#85994b", "#0b0c0c"),
    5: ("#00703c", "#ffffff"),
}
CHART_WIDTH = 480
BAR_WIDTH = 400
BAR_HEIGHT = 28
LINE_HEIGHT = 20
ROW_GAP = 22
LEGEND_ROW = 24
LEGEND_SWATCH = 16
# Rough width of one character of the 15-16px text, to wrap labels and the legend.
CHAR_WIDTH = 8
LABEL_CHARS = int(CHART_WIDTH / CHAR_WIDTH)


def _legend(top: int) -> tuple[list[dict], int]:
    """Legend items flowed into rows that fit the chart; returns (items, height)."""
    items, x, y = [], 0.0, top
    for rating, label in RATING_CHOICES:
        width = LEGEND_SWATCH + 6 + len(label) * CHAR_WIDTH + 18
        if x and x + width > CHART_WIDTH:
            x, y = 0.0, y + LEGEND_ROW
        items.append(
            {
                "x": round(x, 1),
                "y": y,
                "text_x": round(x + LEGEND_SWATCH + 6, 1),
                "text_y": y + 13,
                "fill": RATING_COLOURS[rating][0],
                "label": label,
            }
        )
        x += width
    return items, y + LEGEND_ROW - top


def distribution_chart(summary: selectors.FeedbackSummary) -> dict:
    """Geometry for a 100% stacked bar per statement: the share of each rating 1 to 5.

    Pure arithmetic on the summary; the template draws it as inline SVG.
    """
    rows = []
    top = 0
    for statement in summary.statements:
        lines = textwrap.wrap(statement.text, LABEL_CHARS)
        bar_y = top + len(lines) * LINE_HEIGHT + 6
        total = statement.responses
        x = 0.0
        segments = []
        for rating, count in statement.by_rating:
            width = BAR_WIDTH * count / total if total else 0
            fill, text = RATING_COLOURS[rating]
            segments.append(
                {
                    "rating": rating,
                    "count": count,
                    "x": round(x, 2),
                    "width": round(width, 2),
                    "fill": fill,
                    "text_fill": text,
                    "label_x": round(x + width / 2, 2),
                    "show_label": width >= 22,
                }
            )
            x += width
        rows.append(
            {
                "lines": [
                    {"text": line, "y": top + (number + 1) * LINE_HEIGHT - 4}
                    for number, line in enumerate(lines)
                ],
                "bar_y": bar_y,
                "count_y": bar_y + BAR_HEIGHT // 2 + 5,
                "mean": statement.mean,
                "segments": segments,
            }
        )
        top = bar_y + BAR_HEIGHT + ROW_GAP
    legend_top = top
    legend, legend_height = _legend(legend_top)
    means = "; ".join(
        f"{s.text.rstrip('.')}: mean {s.mean:.1f}" for s in summary.statements if s.mean is not None
    )
    return {
        "width": CHART_WIDTH,
        "height": legend_top + legend_height,
        "bar_height": BAR_HEIGHT,
        "mean_x": BAR_WIDTH + 10,
        "rows": rows,
        "legend": legend,
        "description": (
            f"Bar chart of {summary.responses} responses: the share of ratings from 1 "
            f"(strongly disagree) to 5 (strongly agree) for each statement, with the mean "
            f"at the end of each bar. {means}. The same figures are in the table."
        ),
    }


# --- shared page parts ---------------------------------------------------------


def _results_context(request: HttpRequest, bookings: QuerySet[Booking]) -> dict:
    summary = selectors.summarise(bookings)
    comments = Paginator(selectors.comments(bookings), COMMENTS_PER_PAGE).get_page(
        request.GET.get("comments_page")
    )
    for comment in comments:
        local = timezone.localtime(comment["booking__session__starts_at"])
        comment["when"] = date_format(local, "j F Y")
    return {
        "summary": summary,
        "chart": distribution_chart(summary) if summary.responses else None,
        "comments": comments,
        "rating_choices": RATING_CHOICES,
    }


def _sessions_table(request: HttpRequest, sessions: QuerySet[Session], *, exclude=()):
    table = SessionFeedbackTable(selectors.sessions_with_feedback(sessions), exclude=exclude)
    RequestConfig(request, paginate={"per_page": SESSIONS_PER_PAGE}).configure(table)
    return table


# --- the survey ----------------------------------------------------------------


@login_required
def feedback_form(request: HttpRequest, booking_pk: int) -> HttpResponse:
    """The attendee's survey for one attended session."""
    booking = get_object_or_404(
        Booking.objects.select_related("session__course", "session__venue"), pk=booking_pk
    )
    if not request.user.has_perm("training.give_feedback", booking):
        raise PermissionDenied
    session = booking.session
    try:
        check_can_give_feedback(booking=booking, person=request.user)
    except TrainingError as error:
        return render(
            request,
            "training/feedback/unavailable.html",
            {"booking": booking, "session": session, "reason": str(error), "code": error.code},
        )
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submit_feedback(
                booking=booking,
                by=request.user,
                ratings=form.ratings(),
                comments=form.cleaned_data["comments"],
            )
        except TrainingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"Thank you. Your feedback on {session.course.title} has been sent."
            )
            return redirect("portal:dashboard")
    return render(
        request,
        "training/feedback/form.html",
        {"form": form, "booking": booking, "session": session},
    )


# --- results -------------------------------------------------------------------


@login_required
def session_results(request: HttpRequest, session_pk: int) -> HttpResponse:
    """Feedback on one session: its trainers and the administrators."""
    session = get_object_or_404(
        Session.objects.select_related("course", "venue__district"), pk=session_pk
    )
    if not request.user.has_perm("training.view_session_feedback", session):
        raise PermissionDenied
    context = _results_context(request, selectors.session_bookings(session))
    context.update(
        {
            "session": session,
            "title": f"Feedback: {session.course.title}",
            "caption": f"{date_format(timezone.localtime(session.starts_at), 'l j F Y, H:i')}, "
            f"{session.venue.name}",
            "can_see_course": request.user.has_perm(
                "training.view_course_feedback", session.course
            ),
        }
    )
    return render(request, "training/feedback/results.html", context)


@login_required
def course_results(request: HttpRequest, course_pk: int) -> HttpResponse:
    """Feedback on every session of a course: administrators and its approved trainers."""
    course = get_object_or_404(Course, pk=course_pk)
    if not request.user.has_perm("training.view_course_feedback", course):
        raise PermissionDenied
    table = _sessions_table(request, Session.objects.filter(course=course), exclude=("course",))
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(
            table, filename=f"feedback-{course.pk}", sheet_title="Feedback by session"
        )
    context = _results_context(request, selectors.course_bookings(course))
    context.update(
        {
            "course": course,
            "title": f"Feedback: {course.title}",
            "caption": "All sessions",
            "table": table,
        }
    )
    return render(request, "training/feedback/results.html", context)


@login_required
def trainer_results(request: HttpRequest, user_pk: int) -> HttpResponse:
    """Feedback on every session a trainer delivered: the trainer and administrators."""
    trainer = get_object_or_404(User, pk=user_pk)
    if not request.user.has_perm("training.view_trainer_feedback", trainer):
        raise PermissionDenied
    table = _sessions_table(request, Session.objects.filter(trainers=trainer))
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(
            table, filename=f"feedback-trainer-{trainer.pk}", sheet_title="Feedback by session"
        )
    context = _results_context(request, selectors.trainer_bookings(trainer))
    own = trainer.pk == request.user.pk
    context.update(
        {
            "trainer": trainer,
            "title": "Feedback on my sessions" if own else f"Feedback: {trainer.display_name}",
            "caption": "All sessions you delivered" if own else "All sessions they delivered",
            "table": table,
        }
    )
    return render(request, "training/feedback/results.html", context)


urlpatterns = [
    path("feedback/<int:booking_pk>/", feedback_form, name="feedback_form"),
    path("feedback/sessions/<int:session_pk>/", session_results, name="feedback_session"),
    path("feedback/courses/<int:course_pk>/", course_results, name="feedback_course"),
    path("feedback/trainers/<int:user_pk>/", trainer_results, name="feedback_trainer"),
]
