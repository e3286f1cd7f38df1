"""A web worker builds what Django builds on first use before it serves anyone (core.warmup)."""

import importlib
import logging

from django.urls import URLResolver, clear_url_caches, reverse

from core.warmup import warm_up


def test_after_warming_up_the_first_redirects_build_no_table_of_url_names(monkeypatch):
    clear_url_caches()  # as a worker starts: no table built yet
    warm_up()
    built = []
    populate = URLResolver._populate

    def watched(resolver):
        built.append(resolver)
        populate(resolver)

    monkeypatch.setattr(URLResolver, "_populate", watched)
    for name, args in [
        ("training:session_detail", [1]),
        ("training:my_bookings", []),
        ("wagtailadmin_home", []),
        ("wagtailadmin_pages:edit", [1]),
    ]:
        reverse(name, args=args)
    assert built == []


def test_a_cache_that_does_not_answer_does_not_stop_the_worker(settings, caplog):
    settings.CACHES = {
        "default": {"BACKEND": "core.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    with caplog.at_level(logging.WARNING, logger="core.warmup"):
        warm_up()
    assert "The cache did not answer while warming up." in caplog.text


def test_the_wsgi_application_loads_and_warms_up():
    wsgi = importlib.import_module("config.wsgi")
    assert callable(wsgi.application)
