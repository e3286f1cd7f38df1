"""The CMS's own pages outside the page tree: publishing practice into the library.

Wagtail serves every page of the site itself; these are the editors' working pages.
"""

from django.urls import path

from cms.views import practice_list, publish_practice

app_name = "cms"

urlpatterns = [
    path("", practice_list, name="practice"),
    path("<slug:kind>/<int:pk>/publish/", publish_practice, name="publish_practice"),
]
