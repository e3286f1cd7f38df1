"""The CMS's page types (each declares where it may live and what it may hold) and the library.

- ``pages``: home, standard pages, the programme index and programme pages.
- ``awards``: the awards information page, the past winners archive and a winners page per cycle.
- ``library``: the What Works library: its index, case studies and where published
  practice came from.
"""

from cms.models.awards import AwardsPage, WinnerPlacing, WinnersArchivePage, WinnersPage
from cms.models.library import (
    CaseStudyFigure,
    CaseStudyIndexPage,
    CaseStudyLink,
    CaseStudyPage,
    CaseStudyPartner,
    CaseStudySource,
    GuidelineAreaTag,
)
from cms.models.pages import HomePage, ProgrammeIndexPage, ProgrammePage, StandardPage

__all__ = [
    "AwardsPage",
    "CaseStudyFigure",
    "CaseStudyIndexPage",
    "CaseStudyLink",
    "CaseStudyPage",
    "CaseStudyPartner",
    "CaseStudySource",
    "GuidelineAreaTag",
    "HomePage",
    "ProgrammeIndexPage",
    "ProgrammePage",
    "StandardPage",
    "WinnerPlacing",
    "WinnersArchivePage",
    "WinnersPage",
]
