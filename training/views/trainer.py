"""Views for training: trainer (being built)."""

urlpatterns: list = []


def trainer_section(request) -> dict:
    return {}
