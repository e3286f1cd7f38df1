"""Judges' pages: invitations, the queue, declaring conflicts, scoring.

A judge reaches an entry only through their own assignment, in a round that has
opened, and never while a conflict with it counts: anything else is a 404, so
the page does not even confirm that the entry exists.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_tables2 import RequestConfig

from awards import selectors
from awards.attachments import anonymised_copy
from awards.enums import InvitationStatus, RoundStatus, ScoringStatus
from awards.forms import ConflictForm, ScoreForm
from awards.models import Assignment, PanelMember
from awards.services import AwardsError
from awards.services.conflicts import declare_conflict
from awards.services.panels import set_membership_state
from awards.services.scoring import save_scores, set_scoring_state
from awards.stats import weighted_score
from awards.tables import SCORING_TAGS, JudgeQueueTable
from core.audit import viewed
from core.concurrency import refresh_version, version_of
from core.downloads import private_download
from core.idempotency import idempotent
from core.page_cache import personal_page


def _require_judge(request: HttpRequest) -> None:
    if not request.user.has_perm("awards.view_judging"):
        raise PermissionDenied


def _assignment(request: HttpRequest, pk: int) -> Assignment:
    assignment = selectors.judge_assignment(request.user, pk)
    if assignment is None:
        raise Http404("No such entry to judge")
    return assignment


@login_required
def judging_home(request: HttpRequest) -> HttpResponse:
    _require_judge(request)
    return personal_page(request, lambda: _judging_home(request))


def _judging_home(request: HttpRequest) -> HttpResponse:
    earlier = request.GET.get("show") == "closed"
    queue = selectors.judge_queue(request.user, open_only=not earlier)
    if earlier:
        queue = queue.filter(round__status=RoundStatus.CLOSED)
    table = JudgeQueueTable(queue)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "awards/judging/home.html",
        {
            "invitations": selectors.open_invitations(request.user),
            "panels": selectors.panels_of(request.user),
            "table": table,
            "earlier": earlier,
            "conflicts": selectors.declared_conflicts(request.user),
        },
    )


@login_required
@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(PanelMember.objects.select_related("round__cycle"), pk=pk)
    if member.judge_id != request.user.pk:
        raise Http404("No such invitation")
    answer = request.POST.get("answer")
    to = {"accept": InvitationStatus.ACCEPTED, "decline": InvitationStatus.DECLINED}.get(answer)
    if to is None:
        messages.error(request, "Choose whether to accept or decline.")
        return redirect("awards:judging")
    try:
        set_membership_state(member=member, to=to, by=request.user)
    except AwardsError as error:
        messages.error(request, str(error))
    else:
        stage = member.round
        messages.success(
            request,
            f"Thank you: you have {'accepted' if to == InvitationStatus.ACCEPTED else 'declined'} "
            f"the invitation to judge {stage.name} of {stage.cycle.name}.",
        )
    return redirect("awards:judging")


@login_required
@require_http_methods(["GET", "POST"])
@idempotent
def score(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    stage, entry = assignment.round, assignment.entry
    criteria = list(stage.criteria.all())
    own = list(assignment.scores.all())
    editable = stage.status == RoundStatus.OPEN and assignment.status != ScoringStatus.SUBMITTED
    form = ScoreForm(
        request.POST if request.method == "POST" else None,
        initial={**ScoreForm.initial_for(own), "version": version_of(assignment)},
        criteria=criteria,
    )
    if request.method == "POST":
        if not editable:
            messages.error(request, "These scores can no longer be changed.")
            return redirect("awards:score", pk=assignment.pk)
        if form.is_valid():
            try:
                # Save first, so a refused submission still keeps what the judge entered.
                save_scores(
                    assignment=assignment,
                    by=request.user,
                    scores=form.scores(),
                    seen_version=form.cleaned_data.get("version"),
                )
                if "submit" in request.POST:
                    set_scoring_state(
                        assignment=assignment, to=ScoringStatus.SUBMITTED, by=request.user
                    )
            except AwardsError as error:
                form.add_error(None, str(error))
                if error.code == "stale":
                    refresh_version(form, assignment)
            else:
                if "submit" in request.POST:
                    messages.success(request, f"Your scores for '{entry.title}' are submitted.")
                else:
                    messages.success(request, "Your scores are saved. Submit them when complete.")
                return redirect("awards:score", pk=assignment.pk)
    values = {s.criterion_id: s.value for s in own}
    weights = {c.pk: c.weight for c in criteria}
    mine = (
        weighted_score(values, weights)
        if all(values.get(c) is not None for c in weights) and weights
        else None
    )
    see_others = selectors.may_see_others(assignment)
    if see_others:
        viewed(
            request,
            assignment,
            action="awards.scores.viewed",
            summary=f"Viewed the other judges' scores for {entry.title}",
        )
    label, css = SCORING_TAGS[ScoringStatus(assignment.status)]
    return render(
        request,
        "awards/judging/score.html",
        {
            "assignment": assignment,
            "entry": entry,
            "round": stage,
            "form": form,
            "editable": editable,
            "own": {s.criterion_id: s for s in own},
            "criteria": criteria,
            "mine": mine,
            "see_others": see_others,
            "others": selectors.others_scores(assignment, criteria) if see_others else [],
            "tag_label": label,
            "tag_class": css,
            "anonymised": stage.anonymised,
            "sections": entry.sections(),
            "can_declare": assignment.status != ScoringStatus.SUBMITTED,
            "attachments": list(entry.attachments.all()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def conflict(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            declare_conflict(
                entry=assignment.entry,
                judge=request.user,
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except AwardsError as error:
            form.add_error("reason", str(error))
        else:
            messages.success(
                request,
                f"Conflict declared: '{assignment.entry.title}' has been taken off your list. "
                "The coordinator will give it to another judge.",
            )
            return redirect("awards:judging")
    return render(
        request,
        "awards/judging/conflict.html",
        {"assignment": assignment, "entry": assignment.entry, "form": form},
    )


@require_safe
@login_required
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """A judge's download of an entry's attachment: through their own assignment only; in an
    anonymised round, a copy with a neutral name and no document metadata."""
    assignment = _assignment(request, pk)
    files = list(assignment.entry.attachments.all())
    position = next((i for i, a in enumerate(files, start=1) if a.pk == attachment_pk), None)
    if position is None:
        raise Http404("No such file")
    served = files[position - 1]
    if assignment.round.anonymised:
        served = anonymised_copy(served, position)
    return private_download(
        request,
        served,
        permission="awards.score_assignment",
        obj=assignment,
        action="awards.attachment.judge_download",
    )


urlpatterns = [
    path("judging/", judging_home, name="judging"),
    path("judging/invitations/<int:pk>/", respond, name="respond"),
    path("judging/<int:pk>/", score, name="score"),
    path("judging/<int:pk>/conflict/", conflict, name="declare_conflict"),
    path("judging/<int:pk>/attachments/<int:attachment_pk>/", attachment, name="judge_attachment"),
]
