"""Portfolio URLs: each area's view module declares its own urlpatterns."""

from portfolios.views import assessing, candidate, cohort, library, quality, witness

app_name = "portfolios"

urlpatterns = [
    *candidate.urlpatterns,
    *library.urlpatterns,
    *assessing.urlpatterns,
    *quality.urlpatterns,
    *cohort.urlpatterns,
    *witness.urlpatterns,
]
