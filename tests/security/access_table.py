"""Who may do what: every URL pattern of the portal, by role and method.

Each named URL pattern has a ``Page``: the URL kwargs, filled from the world's ids
(``world.ids[...]``), and for GET and POST the outcome every role must get:

- ``OK``: the page or action was reached (2xx, a 3xx not to the sign-in page, or a 400/409
  re-showing the form with its errors: the person was let in and their input judged);
- ``LOGIN``: a redirect to sign in;
- ``403``, ``404`` (other people's records look missing), ``405`` (wrong method).

``test_access_matrix.py`` discovers every pattern with ``django.urls.get_resolver()``;
a pattern missing here fails the test by name, so a new page must be classified. The
Wagtail admin (``/admin/``) and documents are classified as one prefix rule, checked on
a few representative addresses (``PREFIX_SAMPLES``).
"""

from dataclasses import dataclass, field

from django.test import Client
from django.urls import reverse

from tests.security.world import ROLES

OK, LOGIN = "ok", "login"
FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 403, 404, 405

SIGNED_IN = frozenset(ROLES) - {"anonymous"}
# people.rules.is_admin: programme administrators and superusers.
PROGRAMME = frozenset({"coordinator", "admin", "superuser"})
# awards.rules.is_coordinator: awards coordinators and superusers.
AWARDS = frozenset({"awards_coordinator", "admin", "superuser"})
# wagtailadmin.access_admin (people.roles): the Wagtail admin's roles, and superusers.
WAGTAIL = frozenset({"coordinator", "awards_coordinator", "editor", "admin", "superuser"})
ASSESSORS = frozenset({"assessor", "unassigned_assessor", "iqa"})  # the demo IQA assesses too
JUDGES = frozenset({"judge", "conflicted_judge"})
NOBODY: frozenset[str] = frozenset()
# people.signin.policy.SECOND_FACTOR_ROLES in the world: those who have an authenticator.
TWO_STEP = PROGRAMME | ASSESSORS | JUDGES | {"awards_coordinator", "editor"}


def outcomes(default, /, **by_role) -> dict[str, object]:
    """Every role's outcome: ``default`` unless named (``anonymous=LOGIN``)."""
    unknown = set(by_role) - set(ROLES)
    assert not unknown, unknown
    return {role: by_role.get(role, default) for role in ROLES}


def allow(roles, *, others=FORBIDDEN, anonymous=LOGIN) -> dict[str, object]:
    """``roles`` reach it; other signed-in people get ``others``; anonymous ``anonymous``."""
    table = {role: (OK if role in roles else others) for role in ROLES}
    if "anonymous" not in roles:
        table["anonymous"] = anonymous
    return table


def passes(roles, outcome, *, others=FORBIDDEN, anonymous=LOGIN) -> dict[str, object]:
    """``roles`` pass the permission check and then get ``outcome`` (e.g. 404: the empty
    form names no record); other signed-in people get ``others``."""
    return {**allow(roles, others=others, anonymous=anonymous), **dict.fromkeys(roles, outcome)}


def same(outcome) -> dict[str, object]:
    return dict.fromkeys(ROLES, outcome)


def with_(table: dict, **changes) -> dict:
    return {**table, **changes}


@dataclass(frozen=True)
class Page:
    """One URL pattern: its kwargs (name → world id key) and who gets what per method."""

    get: dict
    post: dict
    kwargs: dict[str, str] = field(default_factory=dict)
    # A second address with a child from another parent: (kwargs, role, method, outcome).
    cross: tuple = ()
    # A literal address, for a pattern with no kwargs to fill (Wagtail's page catch-all).
    path: str | None = None


# allauth's "confirm it is you" pages: candidate B (a demo staff member who has never
# set a password) is refused (403) rather than asked for a password they do not have.
NO_PASSWORD_REFUSED = with_(allow(SIGNED_IN), candidate_b=FORBIDDEN)

_EVIDENCE_READERS = PROGRAMME | {"candidate_a", "assessor", "iqa"}

TABLE: dict[str, Page] = {
    "account_change_password": Page(
        get=allow(SIGNED_IN),
        post=allow(SIGNED_IN),
    ),
    "account_inactive": Page(
        get=same(OK),
        post=same(NOT_ALLOWED),
    ),
    "account_login": Page(
        get=same(OK),
        post=same(OK),
    ),
    "account_logout": Page(
        get=allow(SIGNED_IN),
        post=same(LOGIN),
    ),
    "account_reauthenticate": Page(
        get=NO_PASSWORD_REFUSED,
        post=NO_PASSWORD_REFUSED,
    ),
    "account_reset_password": Page(
        get=same(OK),
        post=same(OK),
    ),
    "account_reset_password_done": Page(
        get=same(OK),
        post=same(NOT_ALLOWED),
    ),
    "account_reset_password_from_key": Page(
        get=same(OK),
        post=same(OK),
        kwargs={"uidb36": "uidb36", "key": "reset_key"},
    ),
    "account_reset_password_from_key_done": Page(
        get=same(OK),
        post=same(NOT_ALLOWED),
    ),
    "account_set_password": Page(
        get=allow(SIGNED_IN),
        post=allow(SIGNED_IN),
    ),
    "account_signup": Page(
        get=same(OK),
        post=same(OK),
    ),
    # The entry's team (the demo officer is a co-entrant) and the awards coordinators.
    "awards:attachment_download": Page(
        get=allow(AWARDS | {"staff", "entrant"}, others=NOT_FOUND),
        post=same(NOT_ALLOWED),  # a download answers GET and HEAD only
        kwargs={"pk": "attachment"},
    ),
    "awards:ceremony": Page(
        get=allow(AWARDS),
        post=allow(AWARDS),
        kwargs={"pk": "ceremony_cycle"},
    ),
    "awards:ceremony_add_guest": Page(
        get=allow(AWARDS),
        post=allow(AWARDS),
        kwargs={"pk": "ceremony_cycle"},
    ),
    "awards:ceremony_budget": Page(
        get=allow(AWARDS),
        post=passes(AWARDS, NOT_FOUND),
        kwargs={"pk": "ceremony_cycle"},
    ),
    "awards:ceremony_budget_line": Page(
        get=allow(AWARDS),
        post=allow(AWARDS),
        kwargs={"pk": "budget_line"},
    ),
    "awards:ceremony_details": Page(
        get=allow(AWARDS),
        post=allow(AWARDS),
        kwargs={"pk": "ceremony_cycle"},
    ),
    "awards:ceremony_exhibitor": Page(
        get=allow(AWARDS),
        post=allow(AWARDS),
        kwargs={"pk": "exhibitor"},
    ),
    "awards:ceremony_exhibitors": Page(
        get=allow(AWARDS),
        post=passes(AWARDS, NOT_FOUND),
        kwargs={"pk": "ceremony_cycle"},
    ),
    "awards:ceremony_find_person": Page(
        get=allow(AWARDS),
        post=passes(AWARDS, NOT_FOUND),
        kwargs={"pk": "ceremony_cycle"},
    ),
    "awards:ceremony_guest": Page(
        get=allow(AWARDS),
        post=passes(AWARDS, NOT_FOUND),
        kwargs={"pk": "guest"},
    ),
    # The confirm page, then the POST that withdraws the invitation (and redirects).
    "awards:ceremony_guest_withdraw": Page(
        get=allow(AWARDS),
        post=allow(AWARDS),
        kwargs={"pk": "guest"},
    ),
    "awards:ceremony_guests": Page(
        get=allow(AWARDS),
        post=passes(AWARDS, NOT_FOUND),
        kwargs={"pk": "ceremony_cycle"},
    ),
    "awards:ceremony_running_order": Page(
        get=allow(AWARDS),
        post=passes(AWARDS, NOT_FOUND),
        kwargs={"pk": "ceremony_cycle"},
    ),
    "awards:ceremony_running_order_item": Page(
        get=allow(AWARDS),
        post=allow(AWARDS),
        kwargs={"pk": "running_order_item"},
    ),
    "awards:ceremony_running_order_pdf": Page(
        get=allow(AWARDS),
        post=allow(AWARDS),
        kwargs={"pk": "ceremony_cycle"},
    ),
    "awards:declare_conflict": Page(
        get=allow({"judge"}, others=NOT_FOUND),
        post=allow({"judge"}, others=NOT_FOUND),
        kwargs={"pk": "assignment"},
    ),
    "awards:entry_attachments": Page(
        get=allow(AWARDS | {"staff", "entrant"}, others=NOT_FOUND),
        post=allow({"staff", "entrant"}, others=NOT_FOUND),
        kwargs={"pk": "entry"},
    ),
    "awards:entry_autosave": Page(
        get=allow({"staff", "entrant"}, others=NOT_FOUND, anonymous=401),
        post=allow({"staff", "entrant"}, others=NOT_FOUND, anonymous=401),
        kwargs={"pk": "entry"},
    ),
    "awards:entry_brochure": Page(
        get=allow(AWARDS, others=NOT_FOUND),
        post=allow(AWARDS, others=NOT_FOUND),
        kwargs={"pk": "finalist_entry"},
    ),
    "awards:entry_detail": Page(
        get=allow(AWARDS | {"staff", "entrant"}, others=NOT_FOUND),
        post=allow(AWARDS | {"staff", "entrant"}, others=NOT_FOUND),
        kwargs={"pk": "entry"},
    ),
    "awards:entry_edit": Page(
        get=allow({"staff", "entrant"}, others=NOT_FOUND),
        post=allow({"staff", "entrant"}, others=NOT_FOUND),
        kwargs={"pk": "entry"},
    ),
    "awards:entry_library": Page(
        get=allow(NOBODY, others=NOT_FOUND),
        post=allow(NOBODY, others=NOT_FOUND),
        kwargs={"pk": "finalist_entry"},
    ),
    "awards:entry_reopen": Page(
        get=allow({"entrant"}, others=NOT_FOUND),
        post=allow({"entrant"}, others=NOT_FOUND),
        kwargs={"pk": "entry"},
    ),
    "awards:entry_start": Page(
        get=allow(SIGNED_IN),
        post=allow(SIGNED_IN),
        kwargs={"cycle_pk": "cycle"},
    ),
    "awards:entry_submit": Page(
        get=allow(AWARDS | {"staff", "entrant"}, others=NOT_FOUND),
        post=allow({"entrant"}, others=NOT_FOUND),
        kwargs={"pk": "entry"},
    ),
    "awards:entry_team": Page(
        get=allow(AWARDS | {"staff", "entrant"}, others=NOT_FOUND),
        post=allow({"entrant"}, others=NOT_FOUND),
        kwargs={"pk": "entry"},
    ),
    "awards:entry_withdraw": Page(
        get=allow({"entrant"}, others=NOT_FOUND),
        post=allow({"entrant"}, others=NOT_FOUND),
        kwargs={"pk": "entry"},
    ),
    "awards:index": Page(
        get=allow(SIGNED_IN),
        post=allow(SIGNED_IN),
    ),
    "awards:judge_attachment": Page(
        get=allow({"judge"}, others=NOT_FOUND),
        post=same(NOT_ALLOWED),  # a download answers GET and HEAD only
        kwargs={"pk": "assignment", "attachment_pk": "assignment_attachment"},
        cross=(({"pk": "assignment", "attachment_pk": "attachment_b"}, "judge", "get", NOT_FOUND),),
    ),
    "awards:judging": Page(
        get=allow(AWARDS | {"judge", "conflicted_judge"}),
        post=allow(AWARDS | {"judge", "conflicted_judge"}),
    ),
    "awards:manage": Page(
        get=allow(AWARDS),
        post=allow(AWARDS),
    ),
    "awards:manage_assignment": Page(
        get=allow(AWARDS),
        post=allow(AWARDS),
        kwargs={"pk": "round"},
    ),
    "awards:manage_assignment_entry": Page(
        get=allow(AWARDS),
        post=passes(AWARDS, NOT_FOUND),
        kwargs={"pk": "round", "entry_pk": "entry_b"},
        cross=(
            ({"pk": "round", "entry_pk": "finalist_entry"}, "awards_coordinator", "get", NOT_FOUND),
        ),
    ),
    "awards:manage_brochure": Page(
        get=allow(AWARDS),
        post=allow(AWARDS),
        kwargs={"pk": "finalist_cycle", "edition": "edition"},
    ),
    "awards:manage_brochure_download": Page(
        get=allow(NOBODY, others=NOT_FOUND),
        post=same(NOT_ALLOWED),  # a download answers GET and HEAD only
        kwargs={"pk": "finalist_cycle", "edition": "edition"},
    ),
    "awards:manage_brochure_status": Page(
        get=allow(AWARDS),
        post=allow(AWARDS),
        kwargs={"pk": "finalist_cycle", "edition": "edition"},
    ),
    "awards:manage_certificate": Page(
        get=allow(AWARDS, others=NOT_FOUND),
        post=allow(AWARDS, others=NOT_FOUND),
        kwargs={"pk": "finalist_entry"},
    ),
    "awards:manage_certificates": Page(
        get=allow(AWARDS, others=NOT_FOUND),
        post=allow(AWARDS, others=NOT_FOUND),
        kwargs={"pk": "finalist_cycle"},
    ),
    "awards:manage_conflicts": Page(
        get=allow(AWARDS),
        post=allow(AWARDS),
        kwargs={"pk": "cycle"},
    ),
    "awards:manage_cycle": Page(
        get=allow(AWARDS),
        post=allow(AWARDS),
        kwargs={"pk": "cycle"},
    ),
    "awards:manage_decide_conflict": Page(
        get=allow(AWARDS),
        post=allow(AWARDS),
        kwargs={"pk": "conflict"},
    ),
    "awards:manage_entries": Page(
        get=allow(AWARDS),
        post=allow(AWARDS),
        kwargs={"pk": "cycle"},
    ),
    "awards:manage_entry": Page(
        get=allow(AWARDS),
        post=allow(AWARDS),
        kwargs={"pk": "entry"},
    ),
    "awards:manage_extend": Page(
        get=allow(AWARDS),
        post=allow(AWARDS),
        kwargs={"pk": "entry"},
    ),
    "awards:manage_guidance": Page(
        get=allow(AWARDS),
        post=allow(AWARDS),
        kwargs={"pk": "cycle"},
    ),
    "awards:manage_outcomes": Page(
        get=allow(AWARDS),
        post=allow(AWARDS),
        kwargs={"pk": "finalist_cycle"},
    ),
    "awards:manage_panel": Page(
        get=allow(AWARDS),
        post=passes(AWARDS, NOT_FOUND),
        kwargs={"pk": "round"},
    ),
    "awards:manage_placings": Page(
        get=passes(AWARDS, NOT_FOUND),
        post=passes(AWARDS, NOT_FOUND),
        kwargs={"pk": "round"},
    ),
    "awards:manage_publish": Page(
        get=allow(NOBODY, others=NOT_ALLOWED),
        post=allow(AWARDS),
        kwargs={"pk": "cycle"},
    ),
    "awards:manage_results": Page(
        get=allow(AWARDS),
        post=passes(AWARDS, NOT_FOUND),
        kwargs={"pk": "round"},
    ),
    "awards:manage_round_state": Page(
        get=allow(NOBODY, others=NOT_ALLOWED),
        post=passes(AWARDS, NOT_FOUND),
        kwargs={"pk": "round"},
    ),
    "awards:manage_scores_export": Page(
        get=allow(AWARDS),
        post=allow(AWARDS),
        kwargs={"pk": "round"},
    ),
    "awards:manage_winners": Page(
        get=allow(NOBODY, others=NOT_ALLOWED),
        post=allow(AWARDS),
        kwargs={"pk": "finalist_cycle"},
    ),
    "awards:respond": Page(
        get=allow(NOBODY, others=NOT_ALLOWED),
        post=allow({"judge"}, others=NOT_FOUND),
        kwargs={"pk": "invitation"},
    ),
    "awards:rsvp": Page(
        get=same(OK),
        post=same(OK),
        kwargs={"token": "rsvp_token"},
    ),
    "awards:score": Page(
        get=allow({"judge"}, others=NOT_FOUND),
        post=allow({"judge"}, others=NOT_FOUND),
        kwargs={"pk": "assignment"},
    ),
    "awards:signed_in": Page(
        get=allow(SIGNED_IN),
        post=allow(SIGNED_IN),
    ),
    "cms:practice": Page(
        get=allow(PROGRAMME | {"awards_coordinator", "editor"}),
        post=allow(PROGRAMME | {"awards_coordinator", "editor"}),
    ),
    "cms:publish_practice": Page(
        get=allow(NOBODY, others=NOT_ALLOWED),
        post=allow(PROGRAMME | {"awards_coordinator", "editor"}),
        kwargs={"kind": "entry_kind", "pk": "finalist_entry"},
    ),
    "healthz": Page(
        get=same(OK),
        post=same(NOT_ALLOWED),
    ),
    "login": Page(
        get=same(OK),
        post=same(OK),
    ),
    "logout": Page(
        get=allow(SIGNED_IN),
        post=same(LOGIN),
    ),
    "mfa_activate_totp": Page(
        get=NO_PASSWORD_REFUSED,
        post=NO_PASSWORD_REFUSED,
    ),
    "mfa_authenticate": Page(
        get=allow(SIGNED_IN),
        post=allow(SIGNED_IN),
    ),
    "mfa_deactivate_totp": Page(
        get=allow(TWO_STEP, others=NOT_FOUND),
        post=allow(TWO_STEP, others=NOT_FOUND),
    ),
    "mfa_download_recovery_codes": Page(
        get=allow(TWO_STEP, others=NOT_FOUND),
        post=allow(TWO_STEP, others=NOT_FOUND),
    ),
    "mfa_generate_recovery_codes": Page(
        get=NO_PASSWORD_REFUSED,
        post=NO_PASSWORD_REFUSED,
    ),
    "mfa_index": Page(
        get=allow(SIGNED_IN),
        post=allow(NOBODY, others=NOT_ALLOWED),
    ),
    "mfa_reauthenticate": Page(
        get=NO_PASSWORD_REFUSED,
        post=NO_PASSWORD_REFUSED,
    ),
    "mfa_view_recovery_codes": Page(
        get=allow(TWO_STEP, others=NOT_FOUND),
        post=allow(NOBODY, others=NOT_ALLOWED),
    ),
    "openid_connect_callback": Page(
        get=same(NOT_FOUND),
        post=same(NOT_FOUND),
        kwargs={"provider_id": "provider"},
    ),
    "openid_connect_login": Page(
        get=same(NOT_FOUND),
        post=same(NOT_FOUND),
        kwargs={"provider_id": "provider"},
    ),
    "password_change": Page(
        get=same(OK),
        post=same(OK),
    ),
    "password_reset": Page(
        get=same(OK),
        post=same(OK),
    ),
    "portal:audit": Page(
        get=allow(PROGRAMME | {"awards_coordinator"}),
        post=allow(PROGRAMME | {"awards_coordinator"}),
    ),
    "portal:dashboard": Page(
        get=allow(SIGNED_IN),
        post=allow(SIGNED_IN),
    ),
    "portfolios:assessing": Page(
        get=allow(PROGRAMME | {"assessor", "unassigned_assessor", "iqa"}),
        post=allow(PROGRAMME | {"assessor", "unassigned_assessor", "iqa"}),
    ),
    "portfolios:certify": Page(
        get=allow(NOBODY, others=NOT_ALLOWED),
        post=allow(PROGRAMME),
    ),
    "portfolios:change_assessor": Page(
        get=allow(PROGRAMME, others=NOT_FOUND),
        post=allow(PROGRAMME, others=NOT_FOUND),
        kwargs={"pk": "enrolment"},
    ),
    "portfolios:claim": Page(
        get=allow(PROGRAMME),
        post=allow(PROGRAMME),
    ),
    "portfolios:claim_download": Page(
        get=allow(PROGRAMME),
        post=allow(PROGRAMME),
        kwargs={"pk": "claim"},
    ),
    "portfolios:cohort": Page(
        get=allow(PROGRAMME),
        post=allow(PROGRAMME),
    ),
    "portfolios:cohort_export": Page(
        get=allow(PROGRAMME),
        post=allow(PROGRAMME),
    ),
    "portfolios:end_enrolment": Page(
        get=allow(PROGRAMME, others=NOT_FOUND),
        post=allow(PROGRAMME, others=NOT_FOUND),
        kwargs={"pk": "enrolment"},
    ),
    "portfolios:enrol": Page(
        get=allow(PROGRAMME),
        post=allow(PROGRAMME),
    ),
    "portfolios:enrolment_detail": Page(
        get=allow(PROGRAMME | {"candidate_a", "assessor"}, others=NOT_FOUND),
        post=allow(PROGRAMME | {"candidate_a", "assessor"}, others=NOT_FOUND),
        kwargs={"pk": "enrolment"},
    ),
    "portfolios:evidence_decide": Page(
        get=allow(NOBODY, others=NOT_ALLOWED),
        post=allow({"assessor"}, others=NOT_FOUND),
        kwargs={"pk": "evidence"},
    ),
    "portfolios:evidence_detail": Page(
        get=allow(
            PROGRAMME | {"candidate_a", "assessor", "iqa"}, others=NOT_FOUND, anonymous=NOT_FOUND
        ),
        post=allow(
            PROGRAMME | {"candidate_a", "assessor", "iqa"}, others=NOT_FOUND, anonymous=NOT_FOUND
        ),
        kwargs={"pk": "evidence"},
    ),
    # The candidate, their assessor, the programme team and the IQA sampling it; not even
    # a sign-in page for anyone else (an evidence address reveals nothing).
    "portfolios:evidence_download": Page(
        get=allow(_EVIDENCE_READERS, others=NOT_FOUND, anonymous=NOT_FOUND),
        post=same(NOT_ALLOWED),  # a download answers GET and HEAD only
        kwargs={"pk": "evidence", "number": "version_number"},
        cross=(
            ({"pk": "evidence_b", "number": "version_number"}, "candidate_a", "get", NOT_FOUND),
        ),
    ),
    "portfolios:evidence_edit": Page(
        get=allow({"candidate_a"}, others=NOT_FOUND),
        post=allow({"candidate_a"}, others=NOT_FOUND),
        kwargs={"pk": "evidence"},
    ),
    "portfolios:evidence_library": Page(
        get=allow(NOBODY, others=NOT_FOUND),
        post=allow(NOBODY, others=NOT_FOUND),
        kwargs={"pk": "case_study"},
    ),
    "portfolios:evidence_new": Page(
        get=allow({"candidate_a", "candidate_b"}, others=NOT_FOUND),
        post=allow({"candidate_a", "candidate_b"}, others=NOT_FOUND),
        kwargs={"kind": "evidence_kind"},
    ),
    "portfolios:evidence_submit": Page(
        get=allow(NOBODY, others=NOT_ALLOWED),
        post=allow({"candidate_a"}, others=NOT_FOUND),
        kwargs={"pk": "evidence"},
    ),
    "portfolios:iqa_review": Page(
        get=allow({"iqa"}, others=NOT_FOUND),
        post=allow({"iqa"}, others=NOT_FOUND),
        kwargs={"pk": "review"},
    ),
    "portfolios:portfolio": Page(
        get=allow(SIGNED_IN),
        post=allow(SIGNED_IN),
    ),
    "portfolios:quality": Page(
        get=allow(PROGRAMME | {"iqa"}),
        post=allow(PROGRAMME | {"iqa"}),
    ),
    "portfolios:registration_number": Page(
        get=allow(NOBODY, others=NOT_ALLOWED),
        post=allow(PROGRAMME, others=NOT_FOUND),
        kwargs={"pk": "enrolment"},
    ),
    "portfolios:unit_sign_off": Page(
        get=allow(NOBODY, others=NOT_ALLOWED),
        post=allow({"assessor"}, others=NOT_FOUND),
        kwargs={"pk": "enrolment", "unit_pk": "unit"},
        cross=(({"pk": "enrolment", "unit_pk": "foreign_unit"}, "assessor", "post", NOT_FOUND),),
    ),
    "portfolios:witness": Page(
        get=same(NOT_FOUND),
        post=same(NOT_FOUND),
        kwargs={"token": "witness_token"},
    ),
    "socialaccount_login_cancelled": Page(
        get=same(OK),
        post=same(NOT_ALLOWED),
    ),
    "socialaccount_login_error": Page(
        get=same(401),
        post=same(NOT_ALLOWED),
    ),
    "socialaccount_signup": Page(
        get=same(LOGIN),
        post=same(LOGIN),
    ),
    "training:book": Page(
        get=allow(NOBODY, others=NOT_ALLOWED),
        post=allow(SIGNED_IN),
        kwargs={"pk": "session"},
    ),
    "training:booking_approve": Page(
        get=allow(NOBODY, others=NOT_ALLOWED),
        post=allow(PROGRAMME),
        kwargs={"pk": "booking"},
    ),
    "training:booking_decline": Page(
        get=allow(PROGRAMME),
        post=allow(PROGRAMME),
        kwargs={"pk": "booking"},
    ),
    "training:cancel_booking": Page(
        get=allow(PROGRAMME | {"staff"}),
        post=allow(PROGRAMME | {"staff"}),
        kwargs={"pk": "booking"},
    ),
    "training:duties": Page(
        get=allow(PROGRAMME | {"duties"}),
        post=allow(PROGRAMME | {"duties"}),
    ),
    "training:duties_export": Page(
        get=allow(PROGRAMME | {"duties"}),
        post=allow(PROGRAMME | {"duties"}),
    ),
    "training:duties_list": Page(
        get=allow(PROGRAMME | {"duties"}),
        post=allow(PROGRAMME | {"duties"}),
    ),
    "training:feedback_course": Page(
        get=allow(PROGRAMME | {"trainer"}),
        post=allow(PROGRAMME | {"trainer"}),
        kwargs={"course_pk": "course"},
    ),
    "training:feedback_form": Page(
        get=allow({}),
        post=allow({}),
        kwargs={"booking_pk": "feedback_booking"},
    ),
    "training:feedback_session": Page(
        get=allow(PROGRAMME | {"trainer"}),
        post=allow(PROGRAMME | {"trainer"}),
        kwargs={"session_pk": "session"},
    ),
    "training:feedback_trainer": Page(
        get=allow(PROGRAMME | {"trainer"}),
        post=allow(PROGRAMME | {"trainer"}),
        kwargs={"user_pk": "trainer_user"},
    ),
    "training:matrix": Page(
        get=allow(PROGRAMME | {"assessor"}),
        post=allow(PROGRAMME | {"assessor"}),
    ),
    "training:matrix_export": Page(
        get=allow(PROGRAMME | {"assessor"}),
        post=allow(PROGRAMME | {"assessor"}),
    ),
    "training:matrix_invite": Page(
        get=allow(PROGRAMME),
        post=allow(PROGRAMME),
    ),
    "training:matrix_invite_done": Page(
        get=allow(PROGRAMME),
        post=allow(PROGRAMME),
    ),
    "training:my_bookings": Page(
        get=allow(SIGNED_IN),
        post=allow(SIGNED_IN),
    ),
    "training:my_sessions": Page(
        get=allow(PROGRAMME | {"trainer"}),
        post=allow(PROGRAMME | {"trainer"}),
    ),
    "training:register": Page(
        get=allow(PROGRAMME | {"trainer"}),
        post=allow(PROGRAMME | {"trainer"}),
        kwargs={"pk": "session"},
    ),
    "training:session_cancel": Page(
        get=allow(PROGRAMME | {"trainer"}),
        post=allow(PROGRAMME | {"trainer"}),
        kwargs={"pk": "session"},
    ),
    "training:session_create": Page(
        get=allow(PROGRAMME | {"trainer"}),
        post=allow(PROGRAMME | {"trainer"}),
    ),
    "training:session_detail": Page(
        get=allow(SIGNED_IN),
        post=allow(SIGNED_IN),
        kwargs={"pk": "session"},
    ),
    "training:session_edit": Page(
        get=allow(PROGRAMME | {"trainer"}),
        post=allow(PROGRAMME | {"trainer"}),
        kwargs={"pk": "session"},
    ),
    "training:session_list": Page(
        get=allow(SIGNED_IN),
        post=allow(SIGNED_IN),
    ),
    "training:session_list_export": Page(
        get=allow(SIGNED_IN),
        post=allow(SIGNED_IN),
    ),
    "training:session_manage": Page(
        get=allow(PROGRAMME | {"trainer"}),
        post=allow(PROGRAMME | {"trainer"}),
        kwargs={"pk": "session"},
    ),
    "training:sign_in_sheet": Page(
        get=allow(PROGRAMME | {"trainer"}),
        post=allow(PROGRAMME | {"trainer"}),
        kwargs={"pk": "session"},
    ),
    "wagtailcore_authenticate_with_password": Page(
        get=same(NOT_FOUND),
        post=same(NOT_FOUND),
        kwargs={"page_view_restriction_id": "missing", "page_id": "missing"},
    ),
    # Wagtail's pages (the public site): the home page.
    "wagtail_serve": Page(get=same(OK), post=same(OK), path="/"),
    "wagtailcore_login": Page(
        get=same(OK),
        post=same(OK),
    ),
}

# The Wagtail admin and documents: one rule for the prefix, checked on a few addresses.
# Wagtail sends a signed-in person without admin access to its sign-in (which is ours).
_ADMIN = allow(WAGTAIL, others=LOGIN)
PREFIX_RULES: dict[str, dict] = {
    "/admin/": _ADMIN,
    "/admin/pages/": _ADMIN,
    "/admin/images/": _ADMIN,
    "/admin/reports/site-history/": _ADMIN,
    "/documents/999999/missing.pdf": same(NOT_FOUND),
}


# --- helpers the tests share ---------------------------------------------------------


def outcome_of(response) -> object:
    if response.status_code in (301, 302, 303, 307, 308):
        return LOGIN if response["Location"].startswith(reverse("account_login")) else OK
    if response.status_code < 300 or response.status_code in (400, 409):
        return OK
    return response.status_code


def url_for(name: str, page: Page, ids: dict, kwargs: dict | None = None) -> str:
    if page.path is not None:
        return page.path
    filled = {key: ids[source] for key, source in (kwargs or page.kwargs).items()}
    return reverse(name, kwargs=filled)


def client_as(cookies, role: str, **kwargs) -> Client:
    client = Client(raise_request_exception=False, **kwargs)
    for key, value in cookies[role].items():
        client.cookies[key] = value
    return client
