"""Views for training: feedback (being built)."""

urlpatterns: list = []
