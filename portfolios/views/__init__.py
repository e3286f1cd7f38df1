"""Portfolio pages: one module per area, each with its urlpatterns."""
