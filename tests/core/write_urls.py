"""URLconf for tests only: the site's URLs plus views that write, mail and then fail or not."""

from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path

from config.urls import handler400, handler403, handler404
from config.urls import urlpatterns as site_urlpatterns
from core.idempotency import idempotent
from core.mail import send_templated_email
from core.models import WorkerHeartbeat

__all__ = ["handler400", "handler403", "handler404", "urlpatterns"]


def _write_and_mail(request, name: str) -> None:
    from django.utils import timezone

    WorkerHeartbeat.objects.create(
        worker_id=name, started_at=timezone.now(), last_seen=timezone.now()
    )
    send_templated_email(
        to=["amy@example.police.uk"],
        subject=f"Saved {name}",
        template="core/email/message",
        context={"name": "Amy", "paragraphs": [name], "url": "/"},
    )


def write_then_fail(request):
    _write_and_mail(request, "first")
    _write_and_mail(request, "second")
    raise RuntimeError("A deliberate failure after two writes.")


def write(request):
    _write_and_mail(request, "only")
    return HttpResponse("saved")


@idempotent
def create(request):
    from django.contrib import messages

    if request.POST.get("name") == "":
        return HttpResponse("Enter a name", status=200)
    _write_and_mail(request, request.POST["name"])
    messages.success(request, f"Saved {request.POST['name']}")
    return HttpResponseRedirect(f"/done/{WorkerHeartbeat.objects.count()}/")


urlpatterns = [
    path("__test__/write-then-fail/", write_then_fail),
    path("__test__/write/", write),
    path("__test__/create/", create),
    *site_urlpatterns,
]
