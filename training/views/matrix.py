"""Views for training: matrix (being built)."""

urlpatterns: list = []
