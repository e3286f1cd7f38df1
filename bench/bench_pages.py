"""Server-side time and query count of the main signed-in pages (Django test client)."""

from _setup import django_with_demo_data, timed

django_with_demo_data()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from people.models import User  # noqa: E402

PAGES = [("sign-in", None, "/accounts/login/"), ("dashboard", "coordinator", "/portal/")]


def count_queries(client: Client, path: str) -> int:
    queries: list[str] = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert client.get(path).status_code == 200
    return len(queries)


for name, username, path in PAGES:
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    queries = count_queries(client, path)
    figures = timed(lambda c=client, p=path: c.get(p), repeat=50)
    print(f"{name:<12} {path:<20} queries={queries:<3} {figures}")
