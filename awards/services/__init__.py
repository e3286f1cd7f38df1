"""Every write in awards goes through a function in this package.

One module per use case: ``cycles`` (cycles, categories, rounds, rubrics, the
guidance talk, publishing), ``entries`` (drafts, team, the entry transition,
extensions), ``panels`` (invitations), ``conflicts`` (detection, declarations,
decisions), ``assignment`` (who scores what), ``scoring`` (score sheets) and
``outcomes`` (shortlist, finalists, placings).

Each stateful model has one transition function holding its guards and its
permission check: ``entries.transition_entry``, ``cycles.set_round_state``,
``panels.set_membership_state``, ``conflicts.set_conflict_state``,
``scoring.set_scoring_state``.
"""


class AwardsError(Exception):
    """An awards rule refused the request; ``str(error)`` is fit to show the user.

    ``code`` names the rule (for tests, and for views that put the message on a field).
    """

    def __init__(self, message: str, *, code: str = "refused", problems: list | None = None):
        super().__init__(message)
        self.code = code
        self.problems = problems or []
