"""Views for training: duties (being built)."""

urlpatterns: list = []


def duties_section(request) -> dict:
    return {}
