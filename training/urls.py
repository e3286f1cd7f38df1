"""Training URLs: each area's view module declares its own urlpatterns."""

from training.views import booking, duties, feedback, matrix, trainer

app_name = "training"

urlpatterns = [
    *booking.urlpatterns,
    *trainer.urlpatterns,
    *duties.urlpatterns,
    *matrix.urlpatterns,
    *feedback.urlpatterns,
]
