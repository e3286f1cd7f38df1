"""The awards coordinator's pages: cycles, entries, panels, conflicts, assignment, results,
finalists, placings, exports. Every write goes through ``awards.services``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import RequestConfig

from awards import selectors
from awards.enums import (
    EFFECTIVE_CONFLICT_STATUSES,
    PLACINGS_IN_ORDER,
    ConflictStatus,
    EntryStatus,
    InvitationStatus,
    RoundStatus,
    ScoringStatus,
)
from awards.forms import (
    DecideConflictForm,
    ExtensionForm,
    GuidanceTalkForm,
    HandAssignForm,
    InviteJudgeForm,
    RunAssignmentForm,
    default_extension,
)
from awards.models import Assignment, Conflict, Cycle, Entry, PanelMember, Round
from awards.selectors import is_partner_judge
from awards.services import AwardsError
from awards.services.assignment import add_assignment, assign_round, remove_assignment
from awards.services.conflicts import detect_conflicts, set_conflict_state
from awards.services.cycles import publish_results, schedule_guidance_talk, set_round_state
from awards.services.entries import extend_deadline
from awards.services.outcomes import (
    TIE_BREAK_RULE,
    chair_of,
    propose_placings,
    record_placings,
    set_outcome,
)
from awards.services.panels import (
    invite_judge,
    invite_previous_panel,
    remove_from_panel,
    set_chair,
    set_membership_state,
)
from awards.services.scoring import set_scoring_state
from awards.tables import (
    AssignmentTable,
    ConflictTable,
    CycleTable,
    ManageEntryTable,
    PanelTable,
    ResultTable,
    entry_tag,
)
from awards.views.library import library_context
from core.audit import viewed
from core.exports import table_xlsx_response, xlsx_response
from core.page_cache import personal_page
from people.models import User

PER_PAGE = 50


def _require(request: HttpRequest) -> None:
    if not request.user.has_perm("awards.manage_awards"):
        raise PermissionDenied


def _cycle(pk: int) -> Cycle:
    try:
        return selectors.cycle_detail(pk)
    except Cycle.DoesNotExist as missing:
        raise Http404("No such cycle") from missing


def _round(pk: int) -> Round:
    return get_object_or_404(Round.objects.select_related("cycle"), pk=pk)


def _context(cycle: Cycle, section: str, round: Round | None = None, **extra) -> dict:
    rounds = list(cycle.rounds.order_by("number"))
    return {"cycle": cycle, "rounds": rounds, "section": section, "round": round, **extra}


def _round_tabs(round: Round) -> list[tuple[str, str, str]]:
    tabs = [
        ("panel", "Panel", reverse("awards:manage_panel", args=[round.pk])),
        ("assignment", "Assignment", reverse("awards:manage_assignment", args=[round.pk])),
        ("results", "Results", reverse("awards:manage_results", args=[round.pk])),
    ]
    if round.is_final:
        tabs.append(("placings", "Placings", reverse("awards:manage_placings", args=[round.pk])))
    return tabs


def _round_context(round: Round, tab: str, **extra) -> dict:
    cycle = round.cycle
    return _context(
        cycle, f"round-{round.number}", round, tab=tab, tabs=_round_tabs(round), **extra
    )


# --- cycles --------------------------------------------------------------------------


@login_required
def manage_home(request: HttpRequest) -> HttpResponse:
    _require(request)
    table = CycleTable(selectors.cycles_to_manage())
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(request, "awards/manage/home.html", {"table": table})


@login_required
def cycle_overview(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    cycle = _cycle(pk)
    counts = dict(
        Entry.objects.filter(cycle=cycle).values_list("status").annotate(n=Count("pk")).order_by()
    )
    pending = Conflict.objects.filter(entry__cycle=cycle, status=ConflictStatus.PENDING).count()
    progress = {
        r.pk: Assignment.objects.filter(round=r).values_list("status", flat=True)
        for r in cycle.rounds.all()
    }
    rounds = []
    for r in cycle.rounds.all():
        statuses = list(progress[r.pk])
        rounds.append(
            {
                "round": r,
                "sheets": len(statuses),
                "submitted": sum(1 for s in statuses if s == ScoringStatus.SUBMITTED),
            }
        )
    return render(
        request,
        "awards/manage/cycle.html",
        _context(
            cycle,
            "overview",
            counts={EntryStatus(k).label: v for k, v in counts.items()},
            pending=pending,
            round_rows=rounds,
            now=timezone.now(),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def guidance_talk(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    cycle = _cycle(pk)
    form = GuidanceTalkForm(request.POST or None, initial={"time": "18:00", "capacity": 40})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = schedule_guidance_talk(
                cycle=cycle,
                venue=data["venue"],
                starts_at=data["moment"],
                capacity=data["capacity"],
                by=request.user,
            )
        except AwardsError as error:
            field = {"capacity": "capacity", "venue_clash": "venue", "past": "day"}.get(error.code)
            form.add_error(field, str(error))
        else:
            messages.success(
                request,
                f"The guidance talk is scheduled: {session}. Entrants can book it from the "
                "awards page and the training sessions list.",
            )
            return redirect("awards:manage_cycle", pk=cycle.pk)
    return render(
        request, "awards/manage/guidance_talk.html", _context(cycle, "overview", form=form)
    )


@login_required
@require_POST
def round_state(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    stage = _round(pk)
    to = {"open": RoundStatus.OPEN, "close": RoundStatus.CLOSED}.get(request.POST.get("to"))
    if to is None:
        raise Http404("No such change")
    try:
        set_round_state(round=stage, to=to, by=request.user)
    except AwardsError as error:
        messages.error(request, str(error))
    else:
        done = "open. The judges have been emailed" if to == RoundStatus.OPEN else "closed"
        messages.success(request, f"{stage.name}: judging is {done}.")
    # Back to the page the button was on: only ever one of the coordinator's own pages.
    back = request.POST.get("next", "")
    if not (
        back.startswith("/awards/manage/")
        and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    ):
        back = reverse("awards:manage_cycle", args=[stage.cycle_id])
    return redirect(back)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    cycle = get_object_or_404(Cycle, pk=pk)
    try:
        publish_results(cycle=cycle, by=request.user)
    except AwardsError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, "The results are published. Entrants have been emailed their feedback."
        )
    return redirect("awards:manage_cycle", pk=cycle.pk)


# --- entries -------------------------------------------------------------------------


@login_required
def entries(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    cycle = _cycle(pk)
    status = request.GET.get("status", "")
    queryset = selectors.entries_to_manage(cycle)
    if status in EntryStatus.values:
        queryset = queryset.filter(status=status)
    table = ManageEntryTable(queryset)
    if request.GET.get("export") == "xlsx":
        RequestConfig(request, paginate=False).configure(table)
        return table_xlsx_response(
            table, filename=f"{slugify(cycle.name)}-entries", sheet_title="Entries"
        )
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    query = request.GET.copy()
    query.pop("page", None)
    query["export"] = "xlsx"
    return render(
        request,
        "awards/manage/entries.html",
        _context(
            cycle,
            "entries",
            table=table,
            status=status,
            statuses=EntryStatus.choices,
            export_query=query.urlencode(),
        ),
    )


@login_required
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    try:
        item = selectors.entry_for_team(pk)
    except Entry.DoesNotExist as missing:
        raise Http404("No such entry") from missing
    label, css = entry_tag(item)
    assignments = list(
        Assignment.objects.filter(entry=item)
        .select_related("judge__organisation", "round")
        .order_by("round__number", "judge__last_name")
    )
    attachments = list(item.attachments.all())
    return render(
        request,
        "awards/manage/entry.html",
        _context(
            item.cycle,
            "entries",
            entry=item,
            tag_label=label,
            tag_class=css,
            assignments=assignments,
            conflicts=item.conflicts.select_related("judge").order_by("judge__last_name"),
            sections=item.sections(),
            attachments=attachments,
            source_link=item.source_case_study is not None
            and request.user.has_perm("portfolios.view_evidence", item.source_case_study),
            history=[
                item,
                ("awards.assignment", [a.pk for a in assignments]),
                ("awards.attachment", [a.pk for a in attachments]),
            ],
            **library_context(request, item),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def extend(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    try:
        item = selectors.entry_for_team(pk)
    except Entry.DoesNotExist as missing:
        raise Http404("No such entry") from missing
    form = ExtensionForm(request.POST or None, initial=default_extension(item))
    if request.method == "POST" and form.is_valid():
        try:
            extend_deadline(
                entry=item,
                until=form.cleaned_data["moment"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except AwardsError as error:
            field = "reason" if error.code == "reason_required" else "day"
            if error.code == "not_draft":
                field = None
            form.add_error(field, str(error))
        else:
            messages.success(
                request, f"Deadline extended for '{item.title}'. The entrants have been emailed."
            )
            return redirect("awards:manage_entry", pk=item.pk)
    return render(
        request,
        "awards/manage/extend.html",
        _context(item.cycle, "entries", entry=item, form=form),
    )


# --- conflicts -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def conflicts(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    cycle = _cycle(pk)
    if request.method == "POST":
        found = detect_conflicts(cycle=cycle, by=request.user)
        messages.success(
            request,
            f"{len(found)} new conflict{'' if len(found) == 1 else 's'} found."
            if found
            else "No new conflicts found.",
        )
        return redirect("awards:manage_conflicts", pk=cycle.pk)
    show = request.GET.get("show", "pending")
    queryset = selectors.conflicts_to_manage(cycle)
    if show == "pending":
        queryset = queryset.filter(status=ConflictStatus.PENDING)
    table = ConflictTable(queryset)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(
        request,
        "awards/manage/conflicts.html",
        _context(cycle, "conflicts", table=table, show=show),
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    item = get_object_or_404(
        Conflict.objects.select_related("entry__cycle", "judge__organisation"), pk=pk
    )
    form = DecideConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            set_conflict_state(
                conflict=item,
                to=ConflictStatus(form.cleaned_data["decision"]),
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except AwardsError as error:
            form.add_error("note" if error.code == "note_required" else "decision", str(error))
        else:
            messages.success(request, f"Conflict {form.cleaned_data['decision']}: {item.judge}.")
            return redirect("awards:manage_conflicts", pk=item.entry.cycle_id)
    return render(
        request,
        "awards/manage/decide_conflict.html",
        _context(item.entry.cycle, "conflicts", conflict=item, form=form),
    )


# --- panels --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def panel(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    stage = _round(pk)
    form = InviteJudgeForm(
        request.POST if "invite" in request.POST else None,
        judges=selectors.judges_to_invite(stage),
    )
    if request.method == "POST":
        try:
            if "invite" in request.POST:
                if form.is_valid():
                    member = invite_judge(
                        round=stage, judge=form.cleaned_data["judge"], by=request.user
                    )
                    messages.success(request, f"{member.judge} has been invited and emailed.")
                    return redirect("awards:manage_panel", pk=stage.pk)
            elif "copy" in request.POST:
                invited = invite_previous_panel(round=stage, by=request.user)
                messages.success(request, f"{len(invited)} judges invited.")
                return redirect("awards:manage_panel", pk=stage.pk)
            else:
                member = get_object_or_404(PanelMember, pk=request.POST.get("member"), round=stage)
                action = request.POST.get("action")
                if action == "chair":
                    set_chair(member=member, by=request.user)
                    messages.success(request, f"{member.judge} chairs the panel.")
                elif action == "remove":
                    remove_from_panel(member=member, by=request.user)
                    messages.success(request, f"{member.judge} has been taken off the panel.")
                elif action == "reinvite":
                    set_membership_state(
                        member=member, to=InvitationStatus.INVITED, by=request.user
                    )
                    messages.success(request, f"{member.judge} has been invited again.")
                return redirect("awards:manage_panel", pk=stage.pk)
        except AwardsError as error:
            if "invite" in request.POST:
                form.add_error("judge", str(error))
            else:
                messages.error(request, str(error))
                return redirect("awards:manage_panel", pk=stage.pk)
    members = selectors.panel_of(stage)
    table = PanelTable(members)
    RequestConfig(request, paginate=False).configure(table)
    accepted = [m for m in members if m.status == InvitationStatus.ACCEPTED]
    return render(
        request,
        "awards/manage/panel.html",
        _round_context(
            stage,
            "panel",
            table=table,
            form=form,
            accepted=len(accepted),
            partners=sum(1 for m in accepted if is_partner_judge(m.judge)),
        ),
    )


# --- assignment ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assignment(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    stage = _round(pk)
    form = RunAssignmentForm(
        request.POST or None, initial={"judges_per_entry": stage.judges_per_entry}
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = assign_round(
                round=stage, by=request.user, k=form.cleaned_data["judges_per_entry"]
            )
        except AwardsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Assignment done: {report.added} added, {report.removed} removed, "
                f"{report.kept} kept. Loads differ by at most {report.spread}.",
            )
            return redirect("awards:manage_assignment", pk=stage.pk)
    grid = selectors.assignment_grid(stage)
    gaps = selectors.assignment_gaps(stage, grid)
    rows = [{"entry": e, "assignments": a, "gaps": gaps.get(e.pk, [])} for e, a in grid.rows]
    table = AssignmentTable(rows)
    table.round_pk = stage.pk
    RequestConfig(request, paginate=False).configure(table)
    loads = sorted(
        ((j, sum(1 for _, a in grid.rows for x in a if x.judge_id == j.pk)) for j in grid.judges),
        key=lambda t: (t[0].last_name, t[0].first_name),
    )
    return render(
        request,
        "awards/manage/assignment.html",
        _round_context(
            stage,
            "assignment",
            form=form,
            table=table,
            gaps=sum(1 for r in rows if r["gaps"]),
            loads=[(j, n, is_partner_judge(j)) for j, n in loads],
            judges=len(grid.judges),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignment_entry(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    """Hand changes for one entry: add a judge, take one off, reopen submitted scores."""
    _require(request)
    stage = _round(pk)
    item = get_object_or_404(selectors.round_entries(stage).select_related("lead"), pk=entry_pk)
    assigned = list(
        Assignment.objects.filter(round=stage, entry=item)
        .select_related("judge__organisation")
        .order_by("judge__last_name")
    )
    blocked = set(
        Conflict.objects.filter(entry=item, status__in=EFFECTIVE_CONFLICT_STATUSES).values_list(
            "judge_id", flat=True
        )
    )
    candidates = [
        j
        for j in selectors.accepted_judges(stage)
        if j.pk not in blocked and all(a.judge_id != j.pk for a in assigned)
    ]
    form = HandAssignForm(
        request.POST if "add" in request.POST else None,
        judges=User.objects.filter(pk__in=[j.pk for j in candidates]).select_related(
            "organisation"
        ),
    )
    if request.method == "POST":
        try:
            if "add" in request.POST:
                if form.is_valid():
                    add_assignment(
                        round=stage, entry=item, judge=form.cleaned_data["judge"], by=request.user
                    )
                    messages.success(request, f"Given to {form.cleaned_data['judge']}.")
                    return redirect("awards:manage_assignment_entry", pk=stage.pk, entry_pk=item.pk)
            else:
                # The assignment must be this entry's in this round: another entry's
                # (or round's) assignment id is a 404, never acted on from this page.
                target = get_object_or_404(
                    Assignment, pk=request.POST.get("assignment"), round=stage, entry=item
                )
                if request.POST.get("action") == "reopen":
                    set_scoring_state(assignment=target, to=ScoringStatus.DRAFT, by=request.user)
                    messages.success(request, f"{target.judge}'s scores are open again.")
                else:
                    remove_assignment(assignment=target, by=request.user)
                    messages.success(request, f"Taken off {target.judge}.")
                return redirect("awards:manage_assignment_entry", pk=stage.pk, entry_pk=item.pk)
        except AwardsError as error:
            if "add" in request.POST:
                form.add_error("judge", str(error))
            else:
                messages.error(request, str(error))
                return redirect("awards:manage_assignment_entry", pk=stage.pk, entry_pk=item.pk)
    conflicts_here = list(
        Conflict.objects.filter(entry=item).select_related("judge").order_by("judge__last_name")
    )
    return render(
        request,
        "awards/manage/assignment_entry.html",
        _round_context(
            stage,
            "assignment",
            entry=item,
            assigned=[(a, is_partner_judge(a.judge)) for a in assigned],
            form=form,
            has_candidates=bool(candidates),
            conflicts=conflicts_here,
        ),
    )


# --- results, finalists, exports -----------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def results(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    if request.method == "POST":
        return _record_outcome(request, _round(pk))
    # Every look at the results is recorded, whether the page is built or kept (which
    # needs only the round's name, not the round).
    name = selectors.round_name(pk)
    if name is None:
        raise Http404("No such round")
    viewed(
        request,
        action="awards.results.viewed",
        object_type=Round._meta.label_lower,
        object_id=pk,
        summary=f"Viewed results of {name}",
    )
    return personal_page(request, lambda: _results_page(request, _round(pk)))


def _record_outcome(request: HttpRequest, stage: Round) -> HttpResponse:
    data = selectors.round_results(stage)
    to = {
        "finalists": EntryStatus.FINALIST,
        "shortlist": EntryStatus.SHORTLISTED,
    }.get(request.POST.get("outcome"))
    ids = {int(x) for x in request.POST.getlist("chosen") if x.isdigit()}
    chosen = [r.entry for r in data.rows if r.entry.pk in ids]
    if to is None:
        raise Http404("No such outcome")
    if not chosen and to == EntryStatus.FINALIST:
        messages.error(request, "Tick the entries to make finalists.")
    else:
        try:
            set_outcome(round=stage, entries=chosen, to=to, by=request.user)
        except AwardsError as error:
            messages.error(request, str(error))
        else:
            what = "finalists" if to == EntryStatus.FINALIST else "on the shortlist"
            messages.success(request, f"{len(chosen)} entries are now {what}.")
    return redirect("awards:manage_results", pk=stage.pk)


def _results_page(request: HttpRequest, stage: Round) -> HttpResponse:
    data = selectors.round_results(stage)
    cycle = stage.cycle
    finalists = [
        r.entry.pk
        for r in data.rows
        if r.entry.status in (EntryStatus.FINALIST, EntryStatus.WINNER)
    ]
    chosen = set(finalists) or {
        r.entry.pk for r in data.rows if r.result and r.result.rank <= cycle.finalists_target
    }
    table = ResultTable(data.rows)
    table.selectable = stage.number == 1 and stage.status == RoundStatus.CLOSED
    table.chosen = chosen
    if request.GET.get("export") == "xlsx":
        RequestConfig(request, paginate=False).configure(table)
        return table_xlsx_response(
            table,
            filename=f"{slugify(cycle.name)}-round-{stage.number}-results",
            sheet_title=f"Round {stage.number} results",
        )
    RequestConfig(request, paginate=False).configure(table)
    return render(
        request,
        "awards/manage/results.html",
        _round_context(
            stage,
            "results",
            data=data,
            table=table,
            selectable=table.selectable,
            flagged=sum(1 for r in data.rows if r.result and r.result.disagreement),
        ),
    )


SCORE_HEADERS = [
    "Entry",
    "Category",
    "Judge",
    "Judge's organisation",
    "Criterion",
    "Weight",
    "Score",
    "Comment",
    "Score sheet",
    "Submitted at",
]


@login_required
def scores_export(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    stage = _round(pk)
    viewed(request, stage, action="awards.scores.exported", summary=f"Exported scores of {stage}")
    rows = (
        (
            title,
            category,
            f"{first} {last}".strip(),
            organisation or "",
            criterion,
            weight,
            value,
            comment,
            ScoringStatus(status).label,
            submitted,
        )
        for (
            title,
            category,
            first,
            last,
            organisation,
            criterion,
            weight,
            value,
            comment,
            status,
            submitted,
        ) in selectors.score_rows_for_export(stage)
    )
    return xlsx_response(
        filename=f"{slugify(stage.cycle.name)}-round-{stage.number}-scores",
        sheet_title=f"Round {stage.number} scores",
        headers=SCORE_HEADERS,
        rows=rows,
    )


# --- placings ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def placings(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    stage = _round(pk)
    if not stage.is_final:
        raise Http404("Placings come from round 2")
    data = selectors.round_results(stage)
    if request.method == "GET":
        viewed(
            request, stage, action="awards.results.viewed", summary=f"Viewed placings of {stage}"
        )
    tie = data.tie_break_criterion()
    votes = {
        k[5:]: int(v) for k, v in request.POST.items() if k.startswith("vote_") and v.isdigit()
    }
    proposal = propose_placings(
        data.rows, tie_criterion_id=tie.pk if tie else None, casting_votes=votes
    )
    if request.method == "POST" and "record" in request.POST:
        try:
            record_placings(
                round=stage, by=request.user, casting_votes=votes, note=request.POST.get("note", "")
            )
        except AwardsError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Placings recorded.")
            return redirect("awards:manage_placings", pk=stage.pk)
    placed = list(
        Entry.objects.filter(cycle=stage.cycle, status=EntryStatus.WINNER).order_by("placing")
    )
    placed.sort(key=lambda e: PLACINGS_IN_ORDER.index(e.placing))
    return render(
        request,
        "awards/manage/placings.html",
        _round_context(
            stage,
            "placings",
            data=data,
            proposal=proposal,
            votes=votes,
            rule=TIE_BREAK_RULE,
            chair=chair_of(stage),
            placed=placed,
            tie_breaks=stage.tie_breaks.select_related(
                "winner", "chair", "recorded_by"
            ).prefetch_related("tied_entries"),
            tie_criterion=tie,
        ),
    )


urlpatterns = [
    path("manage/", manage_home, name="manage"),
    path("manage/cycles/<int:pk>/", cycle_overview, name="manage_cycle"),
    path("manage/cycles/<int:pk>/guidance-talk/", guidance_talk, name="manage_guidance"),
    path("manage/cycles/<int:pk>/entries/", entries, name="manage_entries"),
    path("manage/cycles/<int:pk>/conflicts/", conflicts, name="manage_conflicts"),
    path("manage/cycles/<int:pk>/publish/", publish, name="manage_publish"),
    path("manage/entries/<int:pk>/", entry, name="manage_entry"),
    path("manage/entries/<int:pk>/extend/", extend, name="manage_extend"),
    path("manage/conflicts/<int:pk>/", decide_conflict, name="manage_decide_conflict"),
    path("manage/rounds/<int:pk>/state/", round_state, name="manage_round_state"),
    path("manage/rounds/<int:pk>/panel/", panel, name="manage_panel"),
    path("manage/rounds/<int:pk>/assignment/", assignment, name="manage_assignment"),
    path(
        "manage/rounds/<int:pk>/assignment/<int:entry_pk>/",
        assignment_entry,
        name="manage_assignment_entry",
    ),
    path("manage/rounds/<int:pk>/results/", results, name="manage_results"),
    path("manage/rounds/<int:pk>/scores.xlsx", scores_export, name="manage_scores_export"),
    path("manage/rounds/<int:pk>/placings/", placings, name="manage_placings"),
]
