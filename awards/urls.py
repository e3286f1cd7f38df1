"""Awards URLs under /awards/: each area's view module declares its own urlpatterns."""

from awards.views import ceremony, entrant, judging, library, manage, outcomes

app_name = "awards"

urlpatterns = [
    *entrant.urlpatterns,
    *library.urlpatterns,
    *judging.urlpatterns,
    *manage.urlpatterns,
    *outcomes.urlpatterns,
    *ceremony.urlpatterns,
]
