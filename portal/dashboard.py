"""The sections of 'My portal', each shown to the roles it concerns.

A section lists what it holds today; later work fills each one in. Sections
are declared here, in one place, so the dashboard and the navigation agree.
"""

from dataclasses import dataclass, field

from django.utils.module_loading import import_string

from people.enums import Role
from people.selectors import roles_of

EVERYONE: frozenset[Role] = frozenset()


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    summary: str
    roles: frozenset[Role] = EVERYONE  # empty: every signed-in person
    template: str = "portal/sections/placeholder.html"
    links: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    # Dotted path to ``f(request) -> dict`` giving the section template its context;
    # it lives in the domain app's views and uses that app's selectors.
    context: str | None = None

    def get_context(self, request) -> dict:
        return import_string(self.context)(request) if self.context else {}

    def visible_to(self, roles: set[Role], *, is_superuser: bool) -> bool:
        return not self.roles or is_superuser or bool(self.roles & roles)


SECTIONS: list[Section] = [
    Section(
        "my_training",
        "My training",
        "The training your role requires, the sessions you have booked, your waiting lists "
        "and the feedback you have been asked for.",
        template="training/dashboard/my_training.html",
        context="training.views.booking.my_training_section",
    ),
    Section(
        "approvals",
        "Training approvals",
        "Bookings from the people you manage that wait for your approval.",
        roles=frozenset({Role.STAFF}),
        template="training/dashboard/approvals.html",
        context="training.views.booking.approvals_section",
    ),
    Section(
        "trainer",
        "Sessions I run",
        "Your rota of sessions, their registers and sign-in sheets, and the feedback they "
        "received.",
        roles=frozenset({Role.TRAINER}),
        template="training/dashboard/trainer.html",
        context="training.views.trainer.trainer_section",
    ),
    Section(
        "duties",
        "Abstractions",
        "Who is away on training, by day and team, with late bookings flagged and an export.",
        roles=frozenset({Role.DUTIES}),
        template="training/dashboard/duties.html",
        context="training.views.duties.duties_section",
    ),
    Section(
        "portfolio",
        "My qualification",
        "Your enrolment, the evidence you have uploaded against each unit and what your "
        "assessor said.",
        roles=frozenset({Role.STAFF}),
    ),
    Section(
        "assessor",
        "Candidates to assess",
        "Evidence waiting for your decision and the candidates you assess.",
        roles=frozenset({Role.ASSESSOR}),
    ),
    Section(
        "iqa",
        "Quality assurance sample",
        "Assessor decisions sampled for you to review.",
        roles=frozenset({Role.IQA}),
    ),
    Section(
        "entries",
        "My award entries",
        "Your POP award entries: drafts, submitted entries and results.",
        roles=frozenset({Role.STAFF}),
    ),
    Section(
        "judging",
        "Entries to judge",
        "Entries assigned to you, conflicts to declare and scores to give.",
        roles=frozenset({Role.JUDGE}),
    ),
    Section(
        "awards_admin",
        "Running the awards",
        "Award cycles, panels, judging progress, finalists, the brochure and the ceremony.",
        roles=frozenset({Role.AWARDS_COORDINATOR}),
        links=(("Open the admin", "/admin/"),),
    ),
    Section(
        "programme_admin",
        "Running the programme",
        "Courses, sessions, qualifications and people; the training matrix and compliance.",
        roles=frozenset({Role.PROGRAMME_ADMIN}),
        links=(
            ("Training matrix and compliance", "/training/matrix/"),
            ("Schedule a session", "/training/trainer/sessions/new/"),
            ("All sessions", "/training/sessions/"),
            ("Abstractions for duties", "/training/duties/"),
            ("Open the admin", "/admin/"),
        ),
    ),
    Section(
        "content",
        "Programme pages",
        "The programme's public pages and the What Works library of case studies.",
        roles=frozenset({Role.CMS_EDITOR}),
        links=(("Edit pages", "/admin/pages/"),),
    ),
]


def sections_for(user) -> list[Section]:
    roles = roles_of(user)
    return [s for s in SECTIONS if s.visible_to(roles, is_superuser=user.is_superuser)]
