"""Server-side time and query count of the main signed-in pages (Django test client)."""

from _setup import count_queries, django_with_demo_data, timed

django_with_demo_data()

from django.test import Client  # noqa: E402

from people.models import User  # noqa: E402

PAGES = [
    ("sign-in", None, "/accounts/login/"),
    ("dashboard", "coordinator", "/portal/"),
    ("portfolio", "candidate", "/portfolios/"),
    ("assessing", "assessor", "/portfolios/assessing/"),
    ("cohort", "coordinator", "/portfolios/cohort/"),
    ("library", None, "/library/"),
    ("library-q", None, "/library/?q=peer+mentors"),
    ("case-study", None, "/library/durham-community-peer-mentor-programme/"),
    ("awards", "entrant", "/awards/"),
    ("judging", "judge", "/awards/judging/"),
]

from awards.models import Round  # noqa: E402

# Signed in as the tests sign in: privileged roles with their second factor passed.
from tests.auth import sign_in_as  # noqa: E402

_judging = Round.objects.filter(status="open").order_by("number").first()
if _judging is not None:
    PAGES.append(("results", "coordinator", f"/awards/manage/rounds/{_judging.pk}/results/"))


for name, username, path in PAGES:
    client = Client()
    if username:
        sign_in_as(client, User.objects.get(username=username))
    queries = count_queries(client, path)
    figures = timed(lambda c=client, p=path: c.get(p), repeat=50)
    print(f"{name:<12} {path:<20} queries={queries:<3} {figures}")
