from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path
from django.views.static import serve

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("teilhabe.core.urls")),
    path("", include("teilhabe.planning.urls")),
    path("", include("teilhabe.statistics.urls")),
    path("", include("teilhabe.inventory.urls")),
    path("", include("teilhabe.participation.urls")),
    # The implementation before the concept: its template download for status updates sits
    # beside the concept's template downloads (massnahmen/import/vorlage/…).
    path("", include("teilhabe.implementation.urls")),
    path("", include("teilhabe.needs.urls")),
    path("", include("teilhabe.concept.urls")),
    path("", include("teilhabe.council.urls")),
    path("", include("teilhabe.reports.urls")),
    path("", include("teilhabe.portal.urls")),
    path("", include("teilhabe.api.urls")),
]

if settings.TEILHABE_OIDC_ENABLED:
    # Single sign-on: the URLs exist only while it is switched on.
    urlpatterns.append(path("konto/sso/", include("teilhabe.core.sso")))

if settings.DEBUG:
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
