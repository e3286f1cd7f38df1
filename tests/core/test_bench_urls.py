"""The benchmarks' framework floor exists only in the bench URLconf, never on the real site."""

from people.models import User


def test_floor_is_not_on_the_real_site(client, db):
    assert client.get("/bench/floor/").status_code == 404


def test_floor_answers_in_the_bench_urlconf(client, settings, db):
    settings.ROOT_URLCONF = "config.bench_urls"
    first = User.objects.create(username="first")
    response = client.get("/bench/floor/")
    assert (response.status_code, response.content) == (200, f"floor {first.pk}".encode())
