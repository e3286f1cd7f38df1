from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import views as core_views

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    # Signing in (django-allauth, people.signin); see docs/architecture.md.
    path("accounts/", include("people.signin.urls")),
    path("portal/", include("portal.urls")),
    path("training/", include("training.urls")),
    path("portfolios/", include("portfolios.urls")),
    path("awards/", include("awards.urls")),
    path("practice/", include("cms.urls")),
    # The Wagtail admin signs in through the portal's sign-in (throttled, two-step).
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Only the CMS's public images; private uploads are served by
    # permission-checked views, never straight from the media folder.
    urlpatterns += static(
        f"{settings.MEDIA_URL}images/", document_root=settings.MEDIA_ROOT / "images"
    )

# Wagtail serves the programme pages; keep it last.
urlpatterns += [path("", include(wagtail_urls))]
