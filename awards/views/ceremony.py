"""The ceremony: the coordinator's pages under /awards/manage/ (event details, guests,
running order, exhibitors, budget, exports) and the guest's public reply page
(/awards/rsvp/<token>/, no sign-in). Every write goes through
``awards.services.ceremony``; every page checks ``awards.manage_ceremony`` on the object."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from awards import ceremony_selectors as selectors
from awards.ceremony_forms import (
    AnswerForm,
    BudgetLineForm,
    CeremonyForm,
    ExhibitorForm,
    FindPersonForm,
    GuestForm,
    RunningOrderItemForm,
)
from awards.ceremony_tables import ExhibitorTable, GuestTable, needs_text
from awards.enums import (
    BudgetLineKind,
    DietaryNeed,
    GuestKind,
    GuestStatus,
    RunningOrderKind,
)
from awards.models import BudgetLine, Ceremony, Cycle, Exhibitor, Guest, RunningOrderItem
from awards.services import AwardsError
from awards.services import ceremony as services
from core.exports import ExportColumn, xlsx_response
from core.pdf import render_document, write_pdf
from core.urls import absolute_url
from people.models import User

PER_PAGE = 50
MONEY = "£#,##0.00"


def _require(request: HttpRequest, obj) -> None:
    if not request.user.has_perm("awards.manage_ceremony", obj):
        raise PermissionDenied


def _cycle(request: HttpRequest, pk: int) -> Cycle:
    cycle = get_object_or_404(Cycle, pk=pk)
    _require(request, cycle)
    return cycle


def _ceremony(request: HttpRequest, pk: int) -> Ceremony:
    """The cycle's ceremony (404 if it has not been set up yet)."""
    cycle = _cycle(request, pk)
    ceremony = selectors.ceremony_of(cycle)
    if ceremony is None:
        raise Http404("No ceremony yet")
    _require(request, ceremony)
    return ceremony


def _context(ceremony: Ceremony | None, cycle: Cycle, tab: str, **extra) -> dict:
    return {
        "cycle": cycle,
        "ceremony": ceremony,
        "rounds": list(cycle.rounds.order_by("number")),
        "section": "ceremony",
        "tab": tab,
        **extra,
    }


def _posted_pk(request: HttpRequest, name: str) -> int:
    """A row id from the form; anything else is a 404, never a 500."""
    value = request.POST.get(name, "")
    if not value.isdigit():
        raise Http404("No such row")
    return int(value)


def _back(request: HttpRequest, name: str, pk: int) -> HttpResponse:
    return redirect(reverse(name, args=[pk]))


# --- the event -------------------------------------------------------------------------


@login_required
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(request, pk)
    ceremony = selectors.ceremony_of(cycle)
    if ceremony is None:
        return redirect("awards:ceremony_details", pk=cycle.pk)
    _require(request, ceremony)
    order = selectors.running_order(ceremony)
    return render(
        request,
        "awards/ceremony/overview.html",
        _context(
            ceremony,
            cycle,
            "overview",
            counts=selectors.guest_counts(ceremony),
            budget=selectors.budget(ceremony),
            order=order,
            replies_open=services.replies_open(ceremony),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def details(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(request, pk)
    ceremony = selectors.ceremony_of(cycle)
    if ceremony is not None:
        initial = {
            "venue_name": ceremony.venue_name,
            "venue_address": ceremony.venue_address,
            "day": cycle.ceremony_on.strftime("%d/%m/%Y"),
            "starts_at": ceremony.starts_at.strftime("%H:%M"),
            "ends_at": ceremony.ends_at.strftime("%H:%M"),
            "rsvp_by": ceremony.rsvp_by.strftime("%d/%m/%Y"),
            "capacity": ceremony.capacity,
            "refreshments_per_head": ceremony.refreshments_per_head,
            "details": ceremony.details,
        }
    else:
        initial = {
            "day": cycle.ceremony_on.strftime("%d/%m/%Y"),
            "starts_at": "12:00",
            "ends_at": "16:30",
        }
    form = CeremonyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_ceremony(
                cycle=cycle,
                by=request.user,
                venue_name=data["venue_name"],
                venue_address=data["venue_address"],
                day=data["day"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                rsvp_by=data["rsvp_by"],
                capacity=data["capacity"],
                refreshments_per_head=data["refreshments_per_head"],
                details=data["details"],
            )
        except AwardsError as error:
            field = {"times": "ends_at", "rsvp_by": "rsvp_by", "per_head": "refreshments_per_head"}
            form.add_error(field.get(error.code), str(error))
        else:
            messages.success(request, "The ceremony's details are saved.")
            return redirect("awards:ceremony", pk=cycle.pk)
    return render(
        request,
        "awards/ceremony/details.html",
        _context(ceremony, cycle, "overview", form=form),
    )


# --- guests ----------------------------------------------------------------------------

GUEST_ACTIONS = {
    "finalists": (services.add_finalists, "{n} finalist{s} added to the list."),
    "judges": (services.add_judges, "{n} judge{s} added to the list."),
    "invite": (services.invite_everyone, "{n} invitation{s} on their way by email."),
}


@login_required
@require_http_methods(["GET", "POST"])
def guests(request: HttpRequest, pk: int) -> HttpResponse:
    ceremony = _ceremony(request, pk)
    cycle = ceremony.cycle
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "remind":
                reminder = services.open_reminder_round(ceremony=ceremony, by=request.user)
                messages.success(
                    request,
                    f"Reminder round {reminder.number}: everyone invited who has not replied "
                    "is being emailed a reminder.",
                )
            elif action in GUEST_ACTIONS:
                do, done = GUEST_ACTIONS[action]
                result = do(ceremony=ceremony, by=request.user)
                n = len(result)
                if n == 0:
                    messages.info(request, "Everyone was already on the list.")
                else:
                    messages.success(request, done.format(n=n, s="" if n == 1 else "s"))
            else:
                raise Http404("No such action")
        except AwardsError as error:
            messages.error(request, str(error))
        return _back(request, "awards:ceremony_guests", cycle.pk)
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    needs = request.GET.get("needs", "")
    rows = selectors.guest_rows(ceremony)
    if status in GuestStatus.values:
        rows = rows.filter(status=status)
    else:
        status = ""
        rows = rows.exclude(status=GuestStatus.WITHDRAWN)
    if kind in GuestKind.values:
        rows = rows.filter(kind=kind)
    else:
        kind = ""
    if needs == "yes":
        rows = rows.exclude(Q(dietary_needs=[]) & Q(dietary_other="") & Q(access_needs=""))
    if request.GET.get("export") == "xlsx":
        return _guests_export(ceremony, rows)
    table = GuestTable(rows)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    query = request.GET.copy()
    query.pop("page", None)
    query["export"] = "xlsx"
    return render(
        request,
        "awards/ceremony/guests.html",
        _context(
            ceremony,
            cycle,
            "guests",
            table=table,
            counts=selectors.guest_counts(ceremony),
            status=status,
            kind=kind,
            needs=needs,
            statuses=GuestStatus.choices,
            kinds=GuestKind.choices,
            export_query=query.urlencode(),
            replies_open=services.replies_open(ceremony),
            rounds_sent=ceremony.reminder_rounds.order_by("number"),
        ),
    )


GUEST_HEADERS = [
    "Name",
    "Email",
    "Organisation",
    "Type",
    "Finalist entry",
    "Reply",
    "Replied at",
    "Dietary needs",
    *[f"Diet: {need.label}" for need in DietaryNeed],
    "Access needs",
    ExportColumn("Invited at"),
    "Reminders",
]


def _guests_export(ceremony: Ceremony, rows) -> HttpResponse:
    def lines():
        for guest in rows.iterator():
            chosen = set(guest.dietary_needs or [])
            yield (
                guest.name,
                guest.email,
                guest.organisation,
                GuestKind(guest.kind).label,
                guest.entry.title if guest.entry_id else "",
                GuestStatus(guest.status).label,
                guest.responded_at,
                needs_text(guest),
                *["Yes" if need.value in chosen else "" for need in DietaryNeed],
                guest.access_needs,
                guest.invited_at,
                guest.reminded_round,
            )

    return xlsx_response(
        filename=f"{slugify(ceremony.cycle.name)}-ceremony-guests",
        sheet_title="Guests",
        headers=GUEST_HEADERS,
        rows=lines(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_guest(request: HttpRequest, pk: int) -> HttpResponse:
    ceremony = _ceremony(request, pk)
    form = GuestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            guest = services.add_guest(
                ceremony=ceremony,
                by=request.user,
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                kind=GuestKind(data["kind"]),
            )
        except AwardsError as error:
            form.add_error("email" if error.code == "duplicate" else None, str(error))
        else:
            messages.success(request, f"{guest.name} is on the guest list (not invited yet).")
            if "another" in request.POST:
                return redirect("awards:ceremony_add_guest", pk=ceremony.cycle_id)
            return redirect("awards:ceremony_guests", pk=ceremony.cycle_id)
    return render(
        request,
        "awards/ceremony/add_guest.html",
        _context(ceremony, ceremony.cycle, "guests", form=form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def find_person(request: HttpRequest, pk: int) -> HttpResponse:
    """Add someone with an account: search by name or email, then add them."""
    ceremony = _ceremony(request, pk)
    if request.method == "POST":
        person = get_object_or_404(User, pk=_posted_pk(request, "person"), is_active=True)
        kind = request.POST.get("kind", GuestKind.GUEST)
        if kind not in GuestKind.values:
            kind = GuestKind.GUEST
        try:
            guest = services.add_person(
                ceremony=ceremony, person=person, kind=GuestKind(kind), by=request.user
            )
        except AwardsError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{guest.name} is on the guest list (not invited yet).")
        back = reverse("awards:ceremony_find_person", args=[ceremony.cycle_id])
        query = request.POST.get("q", "")
        return redirect(f"{back}?q={query}&kind={kind}" if query else back)
    form = FindPersonForm(request.GET if "q" in request.GET else None)
    found = []
    if form.is_bound and form.is_valid():
        q = form.cleaned_data["q"].strip()
        words = q.split()
        match = Q(email__icontains=q) | Q(username__iexact=q)
        if words:
            names = Q()
            for word in words:
                names &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
            match |= names
        on_list = set(
            Guest.objects.filter(ceremony=ceremony, person__isnull=False).values_list(
                "person_id", flat=True
            )
        )
        found = [
            (person, person.pk in on_list)
            for person in User.objects.filter(match, is_active=True)
            .select_related("organisation")
            .order_by("last_name", "first_name", "pk")[:25]
        ]
    return render(
        request,
        "awards/ceremony/find_person.html",
        _context(ceremony, ceremony.cycle, "guests", form=form, found=found),
    )


def _guest(request: HttpRequest, pk: int) -> Guest:
    guest = get_object_or_404(
        Guest.objects.select_related("ceremony__cycle", "entry", "person", "invited_by"), pk=pk
    )
    _require(request, guest.ceremony)
    return guest


@login_required
@require_http_methods(["GET", "POST"])
def guest(request: HttpRequest, pk: int) -> HttpResponse:
    """One guest: their details and answer; invite, record an answer, withdraw, link."""
    item = _guest(request, pk)
    ceremony = item.ceremony
    edit = GuestForm(
        request.POST if "save" in request.POST else None,
        initial={
            "name": item.name,
            "email": item.email,
            "organisation": item.organisation,
            "kind": item.kind,
        },
        prefix="edit",
    )
    answer = AnswerForm(
        request.POST if "answer" in request.POST else None,
        initial={
            "attending": {"accepted": "yes", "declined": "no"}.get(item.status),
            "dietary_needs": item.dietary_needs,
            "dietary_other": item.dietary_other,
            "access_needs": item.access_needs,
        },
        prefix="answer",
    )
    link = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if "save" in request.POST:
                if edit.is_valid():
                    data = edit.cleaned_data
                    services.update_guest(
                        guest=item,
                        by=request.user,
                        name=data["name"],
                        email=data["email"],
                        organisation=data["organisation"],
                        kind=GuestKind(data["kind"]),
                    )
                    messages.success(request, "Saved.")
                    return redirect("awards:ceremony_guest", pk=item.pk)
            elif "answer" in request.POST:
                if answer.is_valid():
                    data = answer.cleaned_data
                    services.transition_guest(
                        guest=item,
                        to=GuestStatus.ACCEPTED
                        if data["attending"] == "yes"
                        else GuestStatus.DECLINED,
                        by=request.user,
                        dietary_needs=data["dietary_needs"],
                        dietary_other=data["dietary_other"],
                        access_needs=data["access_needs"],
                    )
                    messages.success(request, f"{item.name}'s answer is recorded.")
                    return redirect("awards:ceremony_guest", pk=item.pk)
            elif action == "invite":
                services.transition_guest(guest=item, to=GuestStatus.INVITED, by=request.user)
                messages.success(request, f"{item.name} has been invited by email.")
                return redirect("awards:ceremony_guest", pk=item.pk)
            elif action == "resend":
                services.resend_invitation(guest=item, by=request.user)
                messages.success(request, f"The invitation has been emailed to {item.name} again.")
                return redirect("awards:ceremony_guest", pk=item.pk)
            elif action == "restore":
                services.transition_guest(guest=item, to=GuestStatus.NOT_INVITED, by=request.user)
                messages.success(request, f"{item.name} is back on the list (not invited yet).")
                return redirect("awards:ceremony_guest", pk=item.pk)
            elif action == "remove":
                services.remove_guest(guest=item, by=request.user)
                messages.success(request, f"{item.name} has been taken off the list.")
                return redirect("awards:ceremony_guests", pk=ceremony.cycle_id)
            elif action == "link":
                token = services.give_rsvp_link(guest=item, by=request.user)
                link = absolute_url(services.rsvp_path(token))
            else:
                raise Http404("No such action")
        except AwardsError as error:
            target = (
                answer if "answer" in request.POST else edit if "save" in request.POST else None
            )
            if target is not None:
                target.add_error(None, str(error))
            else:
                messages.error(request, str(error))
                return redirect("awards:ceremony_guest", pk=item.pk)
        item.refresh_from_db()
    response = render(
        request,
        "awards/ceremony/guest.html",
        _context(
            ceremony,
            ceremony.cycle,
            "guests",
            guest=item,
            edit=edit,
            answer=answer,
            link=link,
            needs=needs_text(item),
            status_label=GuestStatus(item.status).label,
            links=item.rsvp_links.filter(revoked_at__isnull=True).count(),
        ),
    )
    if link:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def guest_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a guest's invitation: a page saying what happens, then the POST that does it."""
    item = _guest(request, pk)
    ceremony = item.ceremony
    if item.status in (GuestStatus.NOT_INVITED, GuestStatus.WITHDRAWN):
        messages.info(request, f"{item.name} has no invitation to withdraw.")
        return redirect("awards:ceremony_guest", pk=item.pk)
    if request.method == "POST":
        try:
            services.transition_guest(guest=item, to=GuestStatus.WITHDRAWN, by=request.user)
        except AwardsError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, f"{item.name}'s invitation is withdrawn; their links no longer work."
            )
        return redirect("awards:ceremony_guest", pk=item.pk)
    return render(
        request,
        "awards/ceremony/guest_withdraw.html",
        _context(
            ceremony,
            ceremony.cycle,
            "guests",
            guest=item,
            status_label=GuestStatus(item.status).label,
            links=item.rsvp_links.filter(revoked_at__isnull=True).count(),
        ),
    )


# --- the running order -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def running_order(request: HttpRequest, pk: int) -> HttpResponse:
    ceremony = _ceremony(request, pk)
    form = RunningOrderItemForm(
        request.POST if "add" in request.POST else None,
        initial={"kind": RunningOrderKind.PRESENTATION, "duration_minutes": 15},
    )
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if "add" in request.POST:
                if form.is_valid():
                    data = form.cleaned_data
                    services.add_item(
                        ceremony=ceremony,
                        by=request.user,
                        kind=RunningOrderKind(data["kind"]),
                        title=data["title"],
                        duration_minutes=data["duration_minutes"],
                        speaker=data["speaker"],
                    )
                    messages.success(request, f"Added: {data['title']}.")
                    return _back(request, "awards:ceremony_running_order", ceremony.cycle_id)
            elif action == "start":
                services.start_running_order(ceremony=ceremony, by=request.user)
                messages.success(request, "The usual running order is in place: adjust it below.")
                return _back(request, "awards:ceremony_running_order", ceremony.cycle_id)
            elif action == "presentations":
                added = services.add_presentations(ceremony=ceremony, by=request.user)
                messages.success(request, f"{len(added)} finalists' presentations added.")
                return _back(request, "awards:ceremony_running_order", ceremony.cycle_id)
            elif action in ("up", "down", "remove"):
                item = get_object_or_404(
                    RunningOrderItem, pk=_posted_pk(request, "item"), ceremony=ceremony
                )
                if action == "remove":
                    services.remove_item(item=item, by=request.user)
                    messages.success(request, f"Removed: {item.title}.")
                else:
                    to = item.position - 1 if action == "up" else item.position + 1
                    services.move_item(item=item, by=request.user, to=to)
                    messages.success(request, f"Moved {action}: {item.title}.")
                return redirect(
                    reverse("awards:ceremony_running_order", args=[ceremony.cycle_id])
                    + f"#item-{item.pk}"
                    if action != "remove"
                    else reverse("awards:ceremony_running_order", args=[ceremony.cycle_id])
                )
            else:
                raise Http404("No such action")
        except AwardsError as error:
            if "add" in request.POST:
                form.add_error(None, str(error))
            else:
                messages.error(request, str(error))
                return _back(request, "awards:ceremony_running_order", ceremony.cycle_id)
    return render(
        request,
        "awards/ceremony/running_order.html",
        _context(
            ceremony,
            ceremony.cycle,
            "running-order",
            order=selectors.running_order(ceremony),
            form=form,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def running_order_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(RunningOrderItem.objects.select_related("ceremony__cycle"), pk=pk)
    ceremony = item.ceremony
    _require(request, ceremony)
    form = RunningOrderItemForm(
        request.POST or None,
        initial={
            "kind": item.kind,
            "title": item.title,
            "speaker": item.speaker,
            "duration_minutes": item.duration_minutes,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_item(
                item=item,
                by=request.user,
                kind=RunningOrderKind(data["kind"]),
                title=data["title"],
                duration_minutes=data["duration_minutes"],
                speaker=data["speaker"],
            )
        except AwardsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Saved: {data['title']}.")
            return redirect(
                reverse("awards:ceremony_running_order", args=[ceremony.cycle_id])
                + f"#item-{item.pk}"
            )
    return render(
        request,
        "awards/ceremony/running_order_item.html",
        _context(ceremony, ceremony.cycle, "running-order", item=item, form=form),
    )


@login_required
def running_order_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The running order to print: an A4 PDF with the times."""
    ceremony = _ceremony(request, pk)
    html = render_to_string(
        "awards/ceremony/running_order_print.html",
        {
            "ceremony": ceremony,
            "cycle": ceremony.cycle,
            "order": selectors.running_order(ceremony),
            "printed_at": timezone.localtime(),
        },
        request=request,
    )
    # The restricted fetcher: nothing in the page can make the server fetch a URL.
    pdf = write_pdf(render_document(html))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{slugify(ceremony.cycle.name)}-running-order.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- exhibitors ------------------------------------------------------------------------


def _exhibitor_kwargs(data: dict) -> dict:
    return {
        "organisation": data["organisation"],
        "contact_name": data["contact_name"],
        "contact_email": data["contact_email"],
        "contact_phone": data["contact_phone"],
        "stall_fee": data["stall_fee"],
        "notes": data["notes"],
    }


EXHIBITOR_HEADERS = [
    "Organisation",
    "Contact",
    "Email",
    "Phone",
    ExportColumn("Stall fee", MONEY),
    "Paid",
    "Paid on",
    "Notes",
]


@login_required
@require_http_methods(["GET", "POST"])
def exhibitors(request: HttpRequest, pk: int) -> HttpResponse:
    ceremony = _ceremony(request, pk)
    form = ExhibitorForm(request.POST if "add" in request.POST else None)
    if request.method == "POST":
        try:
            if "add" in request.POST:
                if form.is_valid():
                    exhibitor = services.add_exhibitor(
                        ceremony=ceremony, by=request.user, **_exhibitor_kwargs(form.cleaned_data)
                    )
                    messages.success(request, f"{exhibitor} has a stall.")
                    return _back(request, "awards:ceremony_exhibitors", ceremony.cycle_id)
            else:
                exhibitor = get_object_or_404(
                    Exhibitor, pk=_posted_pk(request, "exhibitor"), ceremony=ceremony
                )
                action = request.POST.get("action")
                if action in ("paid", "unpaid"):
                    services.set_exhibitor_paid(
                        exhibitor=exhibitor, paid=action == "paid", by=request.user
                    )
                    messages.success(
                        request,
                        f"{exhibitor}: stall fee {'paid' if action == 'paid' else 'not paid'}.",
                    )
                elif action == "remove":
                    services.remove_exhibitor(exhibitor=exhibitor, by=request.user)
                    messages.success(request, f"{exhibitor} no longer has a stall.")
                else:
                    raise Http404("No such action")
                return _back(request, "awards:ceremony_exhibitors", ceremony.cycle_id)
        except AwardsError as error:
            if "add" in request.POST:
                field = "organisation" if error.code == "duplicate" else "stall_fee"
                form.add_error(field if error.code in ("duplicate", "pence") else None, str(error))
            else:
                messages.error(request, str(error))
                return _back(request, "awards:ceremony_exhibitors", ceremony.cycle_id)
    rows = selectors.exhibitors(ceremony)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=f"{slugify(ceremony.cycle.name)}-exhibitors",
            sheet_title="Exhibitors",
            headers=EXHIBITOR_HEADERS,
            rows=(
                (
                    e.organisation,
                    e.contact_name,
                    e.contact_email,
                    e.contact_phone,
                    e.stall_fee,
                    "Yes" if e.is_paid else "No",
                    timezone.localdate(e.paid_at) if e.paid_at else None,
                    e.notes,
                )
                for e in rows
            ),
        )
    table = ExhibitorTable(rows)
    RequestConfig(request, paginate=False).configure(table)
    return render(
        request,
        "awards/ceremony/exhibitors.html",
        _context(
            ceremony,
            ceremony.cycle,
            "exhibitors",
            table=table,
            form=form,
            budget=selectors.budget(ceremony),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def exhibitor(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Exhibitor.objects.select_related("ceremony__cycle"), pk=pk)
    ceremony = item.ceremony
    _require(request, ceremony)
    form = ExhibitorForm(
        request.POST or None,
        initial={
            "organisation": item.organisation,
            "contact_name": item.contact_name,
            "contact_email": item.contact_email,
            "contact_phone": item.contact_phone,
            "stall_fee": item.stall_fee,
            "notes": item.notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_exhibitor(
                exhibitor=item, by=request.user, **_exhibitor_kwargs(form.cleaned_data)
            )
        except AwardsError as error:
            form.add_error("organisation" if error.code == "duplicate" else None, str(error))
        else:
            messages.success(request, f"Saved: {form.cleaned_data['organisation']}.")
            return _back(request, "awards:ceremony_exhibitors", ceremony.cycle_id)
    return render(
        request,
        "awards/ceremony/exhibitor.html",
        _context(ceremony, ceremony.cycle, "exhibitors", exhibitor=item, form=form),
    )


# --- the budget ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def budget(request: HttpRequest, pk: int) -> HttpResponse:
    ceremony = _ceremony(request, pk)
    form = BudgetLineForm(request.POST if "add" in request.POST else None)
    if request.method == "POST":
        try:
            if "add" in request.POST:
                if form.is_valid():
                    data = form.cleaned_data
                    services.add_budget_line(
                        ceremony=ceremony,
                        by=request.user,
                        kind=BudgetLineKind(data["kind"]),
                        description=data["description"],
                        amount=data["amount"],
                    )
                    messages.success(request, f"Added: {data['description']}.")
                    return _back(request, "awards:ceremony_budget", ceremony.cycle_id)
            elif request.POST.get("action") == "remove":
                line = get_object_or_404(
                    BudgetLine, pk=_posted_pk(request, "line"), ceremony=ceremony
                )
                services.remove_budget_line(line=line, by=request.user)
                messages.success(request, f"Removed: {line.description}.")
                return _back(request, "awards:ceremony_budget", ceremony.cycle_id)
            else:
                raise Http404("No such action")
        except AwardsError as error:
            form.add_error("amount" if error.code == "pence" else None, str(error))
    summary = selectors.budget(ceremony)
    if request.GET.get("export") == "xlsx":
        return _budget_export(ceremony, summary)
    return render(
        request,
        "awards/ceremony/budget.html",
        _context(ceremony, ceremony.cycle, "budget", budget=summary, form=form),
    )


def _budget_export(ceremony: Ceremony, summary: selectors.BudgetSummary) -> HttpResponse:
    rows = [
        (
            "Cost",
            f"Refreshments: {summary.attending} attending at £{summary.per_head} a head",
            summary.refreshments,
        ),
        *[("Cost", line.description, line.amount) for line in summary.cost_lines],
        ("Total costs", "", summary.total_costs),
        (
            "Income",
            f"Stall fees: {summary.stalls} stalls ({summary.stalls_paid} paid, "
            f"£{summary.stall_fees_paid} received)",
            summary.stall_fees,
        ),
        *[("Income", line.description, line.amount) for line in summary.income_lines],
        ("Total income", "", summary.total_income),
        ("Balance (income less costs)", "", summary.balance),
        (
            "If everyone still to reply attends",
            f"{summary.could_attend} attending: refreshments £{summary.refreshments_if_all}",
            summary.balance_if_all,
        ),
    ]
    return xlsx_response(
        filename=f"{slugify(ceremony.cycle.name)}-ceremony-budget",
        sheet_title="Budget",
        headers=["Line", "Description", ExportColumn("Amount", MONEY)],
        rows=rows,
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_line(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(BudgetLine.objects.select_related("ceremony__cycle"), pk=pk)
    ceremony = line.ceremony
    _require(request, ceremony)
    form = BudgetLineForm(
        request.POST or None,
        initial={"kind": line.kind, "description": line.description, "amount": line.amount},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_budget_line(
                line=line,
                by=request.user,
                kind=BudgetLineKind(data["kind"]),
                description=data["description"],
                amount=data["amount"],
            )
        except AwardsError as error:
            form.add_error("amount" if error.code == "pence" else None, str(error))
        else:
            messages.success(request, f"Saved: {data['description']}.")
            return _back(request, "awards:ceremony_budget", ceremony.cycle_id)
    return render(
        request,
        "awards/ceremony/budget_line.html",
        _context(ceremony, ceremony.cycle, "budget", line=line, form=form),
    )


# --- the guest's reply page (public: the personal link is the key) ----------------------


def _private(response: HttpResponse) -> HttpResponse:
    """Not indexed, not cached, and the token never leaves the site in a Referer header
    (same-origin, not no-referrer: browsers then send ``Origin: null`` with the form, which
    the CSRF check rightly refuses)."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "no-store, private"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def rsvp(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = services.rsvp_link_for(token)
    except AwardsError as error:
        return _private(
            render(
                request,
                "awards/ceremony/rsvp_unavailable.html",
                {"reason": str(error), "expired": error.code == "rsvp_link_expired"},
                status=410 if error.code == "rsvp_link_expired" else 404,
            )
        )
    item = link.guest
    ceremony = item.ceremony
    open_now = services.replies_open(ceremony) and timezone.localdate() < ceremony.date
    form = AnswerForm(
        request.POST if request.method == "POST" and open_now else None,
        initial={
            "attending": {"accepted": "yes", "declined": "no"}.get(item.status),
            "dietary_needs": item.dietary_needs,
            "dietary_other": item.dietary_other,
            "access_needs": item.access_needs,
        },
    )
    thanks = False
    if request.method == "POST" and open_now and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.transition_guest(
                guest=item,
                to=GuestStatus.ACCEPTED if data["attending"] == "yes" else GuestStatus.DECLINED,
                token=token,
                dietary_needs=data["dietary_needs"],
                dietary_other=data["dietary_other"],
                access_needs=data["access_needs"],
            )
        except AwardsError as error:
            form.add_error(None, str(error))
        else:
            thanks = True
    return _private(
        render(
            request,
            "awards/ceremony/rsvp.html",
            {
                "guest": item,
                "ceremony": ceremony,
                "cycle": ceremony.cycle,
                "form": form,
                "open_now": open_now,
                "thanks": thanks,
                "answered": item.status in (GuestStatus.ACCEPTED, GuestStatus.DECLINED),
                "needs": needs_text(item),
                "order": selectors.running_order(ceremony)
                if item.status == GuestStatus.ACCEPTED
                else None,
            },
        )
    )


urlpatterns = [
    path("manage/cycles/<int:pk>/ceremony/", overview, name="ceremony"),
    path("manage/cycles/<int:pk>/ceremony/details/", details, name="ceremony_details"),
    path("manage/cycles/<int:pk>/ceremony/guests/", guests, name="ceremony_guests"),
    path("manage/cycles/<int:pk>/ceremony/guests/add/", add_guest, name="ceremony_add_guest"),
    path("manage/cycles/<int:pk>/ceremony/guests/find/", find_person, name="ceremony_find_person"),
    path(
        "manage/cycles/<int:pk>/ceremony/running-order/",
        running_order,
        name="ceremony_running_order",
    ),
    path(
        "manage/cycles/<int:pk>/ceremony/running-order.pdf",
        running_order_pdf,
        name="ceremony_running_order_pdf",
    ),
    path("manage/cycles/<int:pk>/ceremony/exhibitors/", exhibitors, name="ceremony_exhibitors"),
    path("manage/cycles/<int:pk>/ceremony/budget/", budget, name="ceremony_budget"),
    path("manage/ceremony/guests/<int:pk>/", guest, name="ceremony_guest"),
    path(
        "manage/ceremony/guests/<int:pk>/withdraw/", guest_withdraw, name="ceremony_guest_withdraw"
    ),
    path(
        "manage/ceremony/running-order/<int:pk>/",
        running_order_item,
        name="ceremony_running_order_item",
    ),
    path("manage/ceremony/exhibitors/<int:pk>/", exhibitor, name="ceremony_exhibitor"),
    path("manage/ceremony/budget/<int:pk>/", budget_line, name="ceremony_budget_line"),
    path("rsvp/<str:token>/", rsvp, name="rsvp"),
]
