"""Run service calls at the same moment, each on its own database connection.

Used by the PostgreSQL race tests (booking seats, scheduling venues): the
threads are released together by a barrier so their transactions overlap.
"""

import threading

import pytest
from django.db import close_old_connections, connection, connections

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: the race is about row locks between connections "
    "(SQLite serialises every writer, so there is no race to test); "
    "set DATABASE_URL=postgres://...",
)


def race(targets, *, refusal: type[Exception]) -> tuple[list, list[BaseException]]:
    """Call every target at once; a ``refusal`` is a result, anything else an error."""
    barrier = threading.Barrier(len(targets))
    results: list = [None] * len(targets)
    errors: list[BaseException] = []

    def run(index, target):
        try:
            barrier.wait(timeout=30)
            results[index] = target()
        except refusal as refused:
            results[index] = refused
        except BaseException as error:  # every failure is a finding
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a racer never finished"
    close_old_connections()
    return results, errors
