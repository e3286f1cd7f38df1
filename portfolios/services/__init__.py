"""Every write in portfolios goes through a function in this package.

One module per use case: ``qualifications`` (admin edits), ``enrolments`` (enrol,
the enrolment transition function), ``assessors`` (the assignment rule),
``evidence`` (items, versions, witness links, the evidence transition function),
``assessment`` (decisions, unit sign-off), ``iqa`` (sampling and reviews),
``progress`` (at-risk flags) and ``claims``.
"""


class PortfoliosError(Exception):
    """A portfolios rule refused the request; ``str(error)`` is fit to show the user."""

    def __init__(self, message: str, *, code: str = "refused"):
        super().__init__(message)
        self.code = code
