"""Browser journeys: Playwright driving Debian's Chromium against a live server."""

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The live server with the demo accounts and pages (tests make their own training)."""
    from portal.demo import seed_demo

    seed_demo(full=False)
    return live_server


@pytest.fixture
def full_demo_site(transactional_db, live_server):
    """The live server with all the demo data, training year included."""
    from portal.demo import seed_demo

    seed_demo()
    return live_server


def check_accessibility(page) -> None:
    """Run axe-core in the page; fail listing every violation."""
    # Evaluated over the DevTools protocol, so the page's CSP (no inline
    # scripts) stays in force for everything else.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(f"() => {{ {AXE_JS.read_text()}\n }}")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
    assert violations == [], f"axe found violations on {page.url}:\n" + json.dumps(
        violations, indent=2
    )


PHONE = {"width": 375, "height": 740}


def check_no_sideways_scroll(page) -> None:
    """The page is no wider than the viewport (wide tables scroll inside their own region)."""
    widths = page.evaluate(
        "() => ({page: document.documentElement.scrollWidth, view: window.innerWidth})"
    )
    assert widths["page"] <= widths["view"], (
        f"{page.url} scrolls sideways at {widths['view']} px: it is {widths['page']} px wide"
    )


def check_page(page) -> None:
    """axe at the current (desktop) width, then at phone width with no sideways scroll.

    Every journey calls this on each page it visits; the viewport is restored after.
    """
    check_accessibility(page)
    desktop = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        check_no_sideways_scroll(page)
        check_accessibility(page)
    finally:
        if desktop:
            page.set_viewport_size(desktop)


# Codes already typed in this run: allauth refuses a code used twice, so a second sign-in
# by the same person uses the next window's code (accepted: one window of clock drift).
_USED_CODES: set[tuple[str, int]] = set()


@pytest.fixture(autouse=True)
def _forget_used_codes():
    """The cache (and with it allauth's record of spent codes) is emptied before each test."""
    _USED_CODES.clear()


def type_totp_code(page, username: str) -> None:
    """Type the demo authenticator's code on the code step and continue, as a person would."""
    import time

    from tests.auth import PERIOD, totp_code

    now = time.time()
    counter = int(now) // PERIOD
    offset = next((o for o in (0, 1) if (username, counter + o) not in _USED_CODES), None)
    if offset is None:  # both used: wait for the next window
        time.sleep(PERIOD - now % PERIOD + 0.5)
        return type_totp_code(page, username)
    _USED_CODES.add((username, counter + offset))
    page.get_by_label("Code").fill(totp_code(offset=offset, at=now))
    page.get_by_role("button", name="Continue").click()
    return None


def sign_in(page, base_url: str, username: str, password: str = "pop-portal-demo") -> None:
    """Sign in as a person does: username and password, then, for an account that uses
    two-step sign-in (the demo's privileged accounts), the code from the demo secret."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/accounts/2fa/authenticate/" in page.url:
        type_totp_code(page, username)
        page.wait_for_load_state()
