"""Demo content for the CMS (idempotent): the site's pages and the What Works library.

``seed_pages`` (base data) builds the site: home, the programme pages, the awards page
with its past winners archive, the library page and the editors' review workflow.
``seed_library`` adds the 13 case studies from the College of Policing's neighbourhood
policing guidelines (rewritten, with their facts and figures), the 2025 awards results
and, from the 2025 gold winner, a draft case study waiting for the editor's review.
"""

from cms.demo.loaders import seed_library, seed_pages

__all__ = ["seed_library", "seed_pages"]
