"""Every write in training goes through a function in this package.

One module per use case: ``booking`` (book, cancel, approve, promote),
``scheduling`` (sessions), ``attendance`` (registers), ``feedback``,
``invitations`` (invite the overdue), ``notifications`` (emails and .ics).
"""


class TrainingError(Exception):
    """A training rule refused the request; ``str(error)`` is fit to show the user.

    ``code`` names the rule (for tests and for views that offer an alternative,
    e.g. the waiting list when a team's abstraction cap is reached).
    """

    def __init__(self, message: str, *, code: str = "refused", can_waitlist: bool = False):
        super().__init__(message)
        self.code = code
        self.can_waitlist = can_waitlist
