from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from teilhabe.api import views
from teilhabe.core.permissions import anyone
from teilhabe.core.tenancy import admits

app_name = "api"

A = "api/v1/<str:ars>/"

urlpatterns = [
    path("api/schema/", admits(anyone)(SpectacularAPIView.as_view()), name="schema"),
    path("api/docs/", views.docs, name="docs"),
    path("api/docs/ausprobieren/", views.docs_try, name="docs_try"),
    path(A + "concept/", views.ConceptView.as_view(), name="concept"),
    path(A + "measures/", views.MeasureList.as_view(), name="measures"),
    path(A + "measures/<int:pk>/", views.MeasureDetail.as_view(), name="measure_detail"),
    path(A + "offers/", views.OfferList.as_view(), name="offers"),
    path(A + "offers/<int:pk>/", views.OfferDetail.as_view(), name="offer_detail"),
    path(A + "indicators/", views.IndicatorList.as_view(), name="indicators"),
    path(A + "indicators/<int:pk>/", views.IndicatorDetail.as_view(), name="indicator_detail"),
    path(A + "documents/", views.DocumentList.as_view(), name="documents"),
]
