"""Views for training: booking (being built)."""

urlpatterns: list = []


def my_training_section(request) -> dict:
    return {}


def approvals_section(request) -> dict:
    return {}
