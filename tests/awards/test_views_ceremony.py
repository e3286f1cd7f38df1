"""The ceremony pages: who may see them, the guest's public reply page, exports, bad
input, and a guest list whose cost does not grow with its length."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from awards.enums import DietaryNeed, GuestKind, GuestStatus, RunningOrderKind
from awards.models import BudgetLine, Exhibitor, Guest
from awards.services import ceremony as services
from tests.awards.conftest import make_judge
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/awards/rsvp/([A-Za-z0-9_-]+)/")


def xlsx_rows(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(r) for r in workbook.active.iter_rows(values_only=True)]


def invited(ceremony, coordinator, capture, name="Ada Guest"):
    g = services.add_guest(
        ceremony=ceremony,
        by=coordinator,
        name=name,
        email=f"{name.split()[0].lower()}@example.org",
    )
    mail.outbox.clear()
    with capture(execute=True):
        services.transition_guest(guest=g, to=GuestStatus.INVITED, by=coordinator)
    return g, LINK.search(mail.outbox[-1].body).group(1)


def pages(ceremony):
    cycle = ceremony.cycle
    g = Guest.objects.filter(ceremony=ceremony).first() or services.add_guest(
        ceremony=ceremony, by=ceremony_coordinator(ceremony), name="Pat Page", email="p@x.org"
    )
    item = services.add_item(
        ceremony=ceremony,
        by=ceremony_coordinator(ceremony),
        kind=RunningOrderKind.KEYNOTE,
        title="Keynote",
        duration_minutes=30,
    )
    stall = services.add_exhibitor(
        ceremony=ceremony,
        by=ceremony_coordinator(ceremony),
        organisation="Crimestoppers",
        contact_name="Sam",
        contact_email="sam@example.org",
        stall_fee=Decimal("150"),
    )
    line = services.add_budget_line(
        ceremony=ceremony,
        by=ceremony_coordinator(ceremony),
        kind="cost",
        description="Trophies",
        amount=Decimal("240"),
    )
    return [
        reverse("awards:ceremony", args=[cycle.pk]),
        reverse("awards:ceremony_details", args=[cycle.pk]),
        reverse("awards:ceremony_guests", args=[cycle.pk]),
        reverse("awards:ceremony_guests", args=[cycle.pk]) + "?export=xlsx",
        reverse("awards:ceremony_add_guest", args=[cycle.pk]),
        reverse("awards:ceremony_find_person", args=[cycle.pk]) + "?q=a&kind=guest",
        reverse("awards:ceremony_guest", args=[g.pk]),
        reverse("awards:ceremony_running_order", args=[cycle.pk]),
        reverse("awards:ceremony_running_order_pdf", args=[cycle.pk]),
        reverse("awards:ceremony_running_order_item", args=[item.pk]),
        reverse("awards:ceremony_exhibitors", args=[cycle.pk]),
        reverse("awards:ceremony_exhibitors", args=[cycle.pk]) + "?export=xlsx",
        reverse("awards:ceremony_exhibitor", args=[stall.pk]),
        reverse("awards:ceremony_budget", args=[cycle.pk]),
        reverse("awards:ceremony_budget", args=[cycle.pk]) + "?export=xlsx",
        reverse("awards:ceremony_budget_line", args=[line.pk]),
    ]


def ceremony_coordinator(ceremony):
    from people.models import User

    return User.objects.get(username="coordinator")


def test_every_ceremony_page_renders_for_the_coordinator(login, ceremony, coordinator):
    client = login(coordinator)
    for url in pages(ceremony):
        response = client.get(url)
        assert response.status_code == 200, url


def test_ceremony_pages_are_for_the_coordinator_only(login, client, ceremony, force):
    urls = pages(ceremony)
    for user in (make_judge(force), UserFactory(organisation=force)):
        signed_in = login(user)
        for url in urls:
            assert signed_in.get(url).status_code == 403, url
            if "export" not in url and url.endswith("/"):
                assert signed_in.post(url, {"action": "invite"}).status_code == 403, url
        client.logout()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"], url
    assert Guest.objects.filter(status=GuestStatus.INVITED).count() == 0


def test_no_ceremony_yet_leads_to_setting_it_up(login, cycle, coordinator):
    client = login(coordinator)
    response = client.get(reverse("awards:ceremony", args=[cycle.pk]))
    assert response["Location"] == reverse("awards:ceremony_details", args=[cycle.pk])
    assert client.get(reverse("awards:ceremony_guests", args=[cycle.pk])).status_code == 404
    response = client.post(
        reverse("awards:ceremony_details", args=[cycle.pk]),
        {
            "venue_name": "Moorside Hall",
            "day": cycle.ceremony_on.strftime("%d/%m/%Y"),
            "starts_at": "12:00",
            "ends_at": "11:00",
            "rsvp_by": cycle.ceremony_on.strftime("%d/%m/%Y"),
            "refreshments_per_head": "£1,018.505",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "refreshments_per_head": ["Give pounds and pence only: at most 2 decimal places"],
        "ends_at": ["The end time must be after the start time"],
    }
    assert 'value="Moorside Hall"' in response.content.decode()


# --- the guest's reply page ------------------------------------------------------------


def test_a_guest_replies_from_their_link_without_signing_in(
    client, ceremony, coordinator, django_capture_on_commit_callbacks
):
    g, token = invited(ceremony, coordinator, django_capture_on_commit_callbacks)
    url = reverse("awards:rsvp", args=[token])
    page = client.get(url)
    assert page.status_code == 200
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert page["Referrer-Policy"] == "same-origin"
    assert '<meta name="robots" content="noindex, nofollow">' in page.content.decode()
    assert "Ada Guest, you are invited" in page.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "attending": "yes",
                "dietary_needs": [DietaryNeed.VEGAN, DietaryNeed.GLUTEN_FREE],
                "dietary_other": "No mushrooms",
                "access_needs": "Step-free access",
            },
        )
    assert response.status_code == 200
    assert "we look forward to seeing you" in response.content.decode()
    g.refresh_from_db()
    assert (g.status, g.dietary_needs, g.dietary_other, g.access_needs) == (
        GuestStatus.ACCEPTED,
        ["vegan", "gluten_free"],
        "No mushrooms",
        "Step-free access",
    )
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]
    # Changing the answer with the same link.
    client.post(url, {"attending": "no"})
    g.refresh_from_db()
    assert (g.status, g.dietary_needs) == (GuestStatus.DECLINED, [])


def test_a_link_answers_for_its_guest_whatever_the_form_says(
    client, ceremony, coordinator, django_capture_on_commit_callbacks
):
    ada, token = invited(ceremony, coordinator, django_capture_on_commit_callbacks, "Ada Guest")
    bob, _ = invited(ceremony, coordinator, django_capture_on_commit_callbacks, "Bob Guest")
    client.post(
        reverse("awards:rsvp", args=[token]),
        {"attending": "yes", "guest": bob.pk, "guest_id": bob.pk, "pk": bob.pk},
    )
    ada.refresh_from_db()
    bob.refresh_from_db()
    assert (ada.status, bob.status) == (GuestStatus.ACCEPTED, GuestStatus.INVITED)


def test_wrong_and_withdrawn_links_get_a_clear_page(
    client, ceremony, coordinator, django_capture_on_commit_callbacks
):
    g, token = invited(ceremony, coordinator, django_capture_on_commit_callbacks)
    for wrong in ("nonsense", token[:-2], "A" * 43):
        response = client.get(reverse("awards:rsvp", args=[wrong]))
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
        assert "Ada" not in response.content.decode()
        assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert (
        client.post(reverse("awards:rsvp", args=["nonsense"]), {"attending": "yes"}).status_code
        == 404
    )
    services.transition_guest(guest=g, to=GuestStatus.WITHDRAWN, by=coordinator)
    response = client.post(reverse("awards:rsvp", args=[token]), {"attending": "yes"})
    assert response.status_code == 404
    g.refresh_from_db()
    assert g.status == GuestStatus.WITHDRAWN


def test_an_expired_link_gets_a_clear_page(
    client, ceremony, cycle, coordinator, django_capture_on_commit_callbacks
):
    g, token = invited(ceremony, coordinator, django_capture_on_commit_callbacks)
    g.rsvp_links.update(expires_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    response = client.get(reverse("awards:rsvp", args=[token]))
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()


def test_after_the_reply_by_date_the_page_shows_the_answer_without_the_form(
    client, ceremony, cycle, coordinator, django_capture_on_commit_callbacks
):
    g, token = invited(ceremony, coordinator, django_capture_on_commit_callbacks)
    services.transition_guest(guest=g, to=GuestStatus.ACCEPTED, token=token)
    ceremony.rsvp_by = datetime.date(2020, 1, 1)
    ceremony.save(update_fields=["rsvp_by"])
    response = client.get(reverse("awards:rsvp", args=[token]))
    assert response.status_code == 200
    assert "Replies have closed" in response.content.decode()
    assert 'name="attending"' not in response.content.decode()
    client.post(reverse("awards:rsvp", args=[token]), {"attending": "no"})
    g.refresh_from_db()
    assert g.status == GuestStatus.ACCEPTED


def test_a_bad_reply_keeps_what_was_typed(
    client, ceremony, coordinator, django_capture_on_commit_callbacks
):
    _, token = invited(ceremony, coordinator, django_capture_on_commit_callbacks)
    response = client.post(
        reverse("awards:rsvp", args=[token]),
        {"dietary_other": "No shellfish", "dietary_needs": ["not-a-need"]},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"attending", "dietary_needs"}
    assert "No shellfish" in response.content.decode()


# --- the coordinator's pages -----------------------------------------------------------


def test_invite_everyone_then_show_a_personal_link(
    login, ceremony, coordinator, django_capture_on_commit_callbacks
):
    for name in ("Ann One", "Ben Two"):
        services.add_guest(
            ceremony=ceremony, by=coordinator, name=name, email=f"{name[:3]}@example.org"
        )
    client = login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("awards:ceremony_guests", args=[ceremony.cycle_id]), {"action": "invite"}
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["Ann@example.org", "Ben@example.org"]
    ann = Guest.objects.get(name="Ann One")
    response = client.post(reverse("awards:ceremony_guest", args=[ann.pk]), {"action": "link"})
    token = LINK.search(response.content.decode()).group(1)
    assert services.rsvp_link_for(token).guest == ann
    assert response["Cache-Control"] == "no-store"


def test_adding_someone_with_an_account(login, ceremony, coordinator, force):
    person = UserFactory(
        organisation=force, first_name="Keisha", last_name="Okafor", email="k@example.org"
    )
    client = login(coordinator)
    found = client.get(
        reverse("awards:ceremony_find_person", args=[ceremony.cycle_id]),
        {"q": "keisha oka", "kind": "partner"},
    )
    assert [p for p, _ in found.context["found"]] == [person]
    client.post(
        reverse("awards:ceremony_find_person", args=[ceremony.cycle_id]),
        {"person": person.pk, "kind": "partner", "q": "keisha"},
    )
    g = Guest.objects.get(person=person)
    assert (g.name, g.email, g.kind, g.organisation) == (
        person.display_name,
        "k@example.org",
        GuestKind.PARTNER,
        force.name,
    )


def test_moving_running_order_items_from_the_page(login, ceremony, coordinator):
    for title, minutes in (("Lunch", 60), ("Keynote", 30), ("Awards", 30)):
        services.add_item(
            ceremony=ceremony,
            by=coordinator,
            kind=RunningOrderKind.OTHER,
            title=title,
            duration_minutes=minutes,
        )
    awards = ceremony.running_order.get(title="Awards")
    client = login(coordinator)
    url = reverse("awards:ceremony_running_order", args=[ceremony.cycle_id])
    client.post(url, {"action": "up", "item": awards.pk})
    page = client.get(url)
    assert [(t.item.title, f"{t.starts:%H:%M}") for t in page.context["order"].items] == [
        ("Lunch", "12:00"),
        ("Awards", "13:00"),
        ("Keynote", "13:30"),
    ]
    bad = client.post(url, {"add": "1", "kind": "keynote", "title": "", "duration_minutes": "0"})
    assert set(bad.context["form"].errors) == {"title", "duration_minutes"}


def test_a_stall_fee_with_fractions_of_a_penny_is_refused_and_kept(login, ceremony, coordinator):
    client = login(coordinator)
    response = client.post(
        reverse("awards:ceremony_exhibitors", args=[ceremony.cycle_id]),
        {
            "add": "1",
            "organisation": "Crimestoppers",
            "contact_name": "Sam",
            "contact_email": "sam@example.org",
            "stall_fee": "150.005",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "stall_fee": ["Give pounds and pence only: at most 2 decimal places"]
    }
    assert 'value="Crimestoppers"' in response.content.decode()
    assert Exhibitor.objects.count() == 0
    client.post(
        reverse("awards:ceremony_exhibitors", args=[ceremony.cycle_id]),
        {
            "add": "1",
            "organisation": "Crimestoppers",
            "contact_name": "Sam",
            "contact_email": "sam@example.org",
            "stall_fee": "£1,150.50",
        },
    )
    assert Exhibitor.objects.get().stall_fee == Decimal("1150.50")


# --- exports ---------------------------------------------------------------------------


def test_the_guest_list_export_has_the_dietary_needs(
    login, ceremony, coordinator, django_capture_on_commit_callbacks
):
    g, token = invited(ceremony, coordinator, django_capture_on_commit_callbacks)
    services.transition_guest(
        guest=g,
        to=GuestStatus.ACCEPTED,
        token=token,
        dietary_needs=[DietaryNeed.HALAL],
        dietary_other="=cmd|' /C calc'!A0",
    )
    client = login(coordinator)
    rows = xlsx_rows(
        client.get(reverse("awards:ceremony_guests", args=[ceremony.cycle_id]), {"export": "xlsx"})
    )
    header, row = rows
    assert header[:8] == [
        "Name",
        "Email",
        "Organisation",
        "Type",
        "Finalist entry",
        "Reply",
        "Replied at",
        "Dietary needs",
    ]
    values = dict(zip(header, row, strict=True))
    assert (values["Name"], values["Reply"], values["Diet: Halal"], values["Diet: Vegan"]) == (
        "Ada Guest",
        "Attending",
        "Yes",
        None,
    )
    assert values["Dietary needs"] == "Halal; =cmd|' /C calc'!A0"


def test_the_budget_export_writes_amounts_as_numbers(login, ceremony, coordinator):
    services.add_budget_line(
        ceremony=ceremony,
        by=coordinator,
        kind="cost",
        description="Trophies",
        amount=Decimal("240.10"),
    )
    client = login(coordinator)
    rows = xlsx_rows(
        client.get(reverse("awards:ceremony_budget", args=[ceremony.cycle_id]), {"export": "xlsx"})
    )
    assert rows[0] == ["Line", "Description", "Amount"]
    assert ["Cost", "Trophies", 240.1] in rows
    assert ["Total costs", None, 240.1] in rows
    assert rows[-2][0] == "Balance (income less costs)"
    assert rows[-2][2] == -240.1
    assert BudgetLine.objects.count() == 1


# --- a fixed number of queries ---------------------------------------------------------


@pytest.mark.parametrize("extra", [2, 40])
def test_guest_list_query_count_is_fixed(
    login, ceremony, coordinator, django_assert_num_queries, extra
):
    for n in range(extra):
        g = services.add_guest(
            ceremony=ceremony, by=coordinator, name=f"Guest {n:03d}", email=f"g{n}@example.org"
        )
        if n % 3 == 0:
            services.transition_guest(
                guest=g, to=GuestStatus.ACCEPTED, by=coordinator, dietary_needs=["vegan"]
            )
    client = login(coordinator)
    url = reverse("awards:ceremony_guests", args=[ceremony.cycle_id])
    # session, user with their roles (permissions and navigation),
    # cycle, ceremony, counts, dietary, rounds,
    # reminder rounds, count, page, groups and reports (navigation)
    with django_assert_num_queries(11):
        response = client.get(url)
    assert response.status_code == 200


def test_filters_and_bad_row_ids(login, ceremony, coordinator):
    plain = services.add_guest(ceremony=ceremony, by=coordinator, name="Al Plain", email="a@x.org")
    needy = services.add_guest(ceremony=ceremony, by=coordinator, name="Bo Needs", email="b@x.org")
    services.transition_guest(
        guest=needy, to=GuestStatus.ACCEPTED, by=coordinator, dietary_needs=["vegan"]
    )
    client = login(coordinator)
    url = reverse("awards:ceremony_guests", args=[ceremony.cycle_id])
    shown = client.get(url, {"needs": "yes"}).context["table"].data
    assert [g.pk for g in shown] == [needy.pk]
    shown = client.get(url, {"status": "not_invited"}).context["table"].data
    assert [g.pk for g in shown] == [plain.pk]
    for page, field in (
        ("ceremony_running_order", "item"),
        ("ceremony_exhibitors", "exhibitor"),
        ("ceremony_budget", "line"),
        ("ceremony_find_person", "person"),
    ):
        target = reverse(f"awards:{page}", args=[ceremony.cycle_id])
        response = client.post(target, {"action": "remove", field: "1 OR 1=1"})
        assert response.status_code == 404, page


def test_pounds_are_shown_with_thousands_and_a_minus_sign():
    from awards.templatetags.ceremony import pounds

    assert pounds(Decimal("1234.5")) == "£1,234.50"
    assert pounds(Decimal("-1536.85")) == "−£1,536.85"
    assert pounds(Decimal("0")) == "£0.00"


def test_the_printed_running_order_has_the_times_in_order(login, ceremony, coordinator, tmp_path):
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    for title, minutes in (("Networking lunch", 60), ("Keynote talk", 45), ("The awards", 30)):
        services.add_item(
            ceremony=ceremony,
            by=coordinator,
            kind=RunningOrderKind.OTHER,
            title=title,
            duration_minutes=minutes,
        )
    client = login(coordinator)
    response = client.get(reverse("awards:ceremony_running_order_pdf", args=[ceremony.cycle_id]))
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "running-order.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [line.split() for line in text.splitlines() if "–" in line and ":" in line]
    assert [(words[0], " ".join(words[1:-1])) for words in lines[:3]] == [
        ("12:00–13:00", "Networking lunch"),
        ("13:00–13:45", "Keynote talk"),
        ("13:45–14:15", "The awards"),
    ]
    assert "Page 1 of 1" in text


def test_withdrawing_an_invitation_asks_first_then_withdraws(
    login, client, ceremony, coordinator, django_capture_on_commit_callbacks
):
    g, token = invited(ceremony, coordinator, django_capture_on_commit_callbacks)
    signed_in = login(coordinator)
    guest_page = signed_in.get(reverse("awards:ceremony_guest", args=[g.pk])).content.decode()
    confirm_url = reverse("awards:ceremony_guest_withdraw", args=[g.pk])
    assert f'href="{confirm_url}"' in guest_page
    # The guest page's own form no longer withdraws without asking.
    assert (
        signed_in.post(
            reverse("awards:ceremony_guest", args=[g.pk]), {"action": "withdraw"}
        ).status_code
        == 404
    )

    page = signed_in.get(confirm_url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Are you sure you want to withdraw Ada Guest's invitation?" in text
    assert "their 1 personal reply link stops working at once" in " ".join(text.split())
    assert f'href="{reverse("awards:ceremony_guest", args=[g.pk])}">Keep the invitation' in text
    g.refresh_from_db()
    assert g.status == GuestStatus.INVITED

    done = signed_in.post(confirm_url, follow=True)
    assert done.redirect_chain == [(reverse("awards:ceremony_guest", args=[g.pk]), 302)]
    assert "Ada Guest&#x27;s invitation is withdrawn" in done.content.decode()
    g.refresh_from_db()
    assert g.status == GuestStatus.WITHDRAWN
    assert client.get(reverse("awards:rsvp", args=[token])).status_code == 404
    # Nothing left to withdraw: the page says so rather than asking again.
    again = signed_in.get(confirm_url, follow=True)
    assert "Ada Guest has no invitation to withdraw." in again.content.decode()


def test_only_the_coordinator_withdraws_an_invitation(
    login, ceremony, coordinator, force, django_capture_on_commit_callbacks
):
    g, _ = invited(ceremony, coordinator, django_capture_on_commit_callbacks)
    confirm_url = reverse("awards:ceremony_guest_withdraw", args=[g.pk])
    signed_in = login(make_judge(force))
    assert signed_in.get(confirm_url).status_code == 403
    assert signed_in.post(confirm_url).status_code == 403
    g.refresh_from_db()
    assert g.status == GuestStatus.INVITED


def test_running_order_pdf_fetches_no_url_its_page_points_at(
    login, ceremony, coordinator, settings, tmp_path
):
    from tests.http_recorder import Recorder, recording

    with recording() as remote:
        page = tmp_path / "awards" / "ceremony" / "running_order_print.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f'<html lang="en-GB"><head><title>Running order</title>'
            f'<link rel="stylesheet" href="{remote}/order.css"></head><body>'
            f'<img src="{remote}/logo.png" alt=""><h1>{{{{ cycle.name }}}}</h1></body></html>'
        )
        settings.TEMPLATES = [
            {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
        ]
        response = login(coordinator).get(
            reverse("awards:ceremony_running_order_pdf", args=[ceremony.cycle_id])
        )
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
        assert Recorder.hits == []
