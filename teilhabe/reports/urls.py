from django.urls import path

from teilhabe.reports import views

app_name = "reports"

K = "k/<str:ars>/berichte/"

urlpatterns = [
    path(K, views.report_list, name="report_list"),
    path(f"{K}neu/", views.report_create, name="report_create"),
    path(f"{K}einstellungen/", views.report_settings, name="settings"),
    path(f"{K}<int:pk>/", views.report_detail, name="report_detail"),
    path(f"{K}<int:pk>/texte/", views.report_edit, name="report_edit"),
    path(f"{K}<int:pk>/erstellen/", views.report_generate, name="report_generate"),
    path(f"{K}<int:pk>/entwurf/", views.progress_draft, name="progress_draft"),
    path(f"{K}<int:pk>/vorlage/", views.progress_paper, name="progress_paper"),
    path(f"{K}ausgaben/<int:pk>/", views.edition_detail, name="edition_detail"),
    path(f"{K}ausgaben/<int:pk>/vergleich/", views.edition_compare, name="edition_compare"),
    path(f"{K}ausgaben/<int:pk>/freigabe/", views.edition_publish, name="edition_publish"),
    path(f"{K}ausgaben/<int:pk>/<str:kind>/", views.edition_file, name="edition_file"),
    # Public download of published editions (no login); the portal links here.
    path(
        "berichte/<str:ars>/<int:pk>/<str:kind>/",
        views.public_file,
        name="public_file",
    ),
]
