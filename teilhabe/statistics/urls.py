from django.urls import path

from teilhabe.statistics import views

app_name = "statistics"

urlpatterns = [
    path("k/<str:ars>/daten/", views.dataset_list, name="dataset_list"),
    path("k/<str:ars>/daten/import/", views.dataset_import, name="dataset_import"),
    path(
        "k/<str:ars>/daten/import/pruefen/", views.dataset_import_check, name="dataset_import_check"
    ),
    path("k/<str:ars>/daten/<int:pk>/", views.dataset_detail, name="dataset_detail"),
    path("k/<str:ars>/daten/<int:pk>/bearbeiten/", views.dataset_edit, name="dataset_edit"),
    path("k/<str:ars>/daten/<int:pk>/datei/", views.dataset_download, name="dataset_download"),
    path("k/<str:ars>/kennzahlen/", views.indicator_list, name="indicator_list"),
    path("k/<str:ars>/kennzahlen/neu/", views.indicator_create, name="indicator_create"),
    path(
        "k/<str:ars>/kennzahlen/<int:pk>/bearbeiten/",
        views.indicator_edit,
        name="indicator_edit",
    ),
    path("k/<str:ars>/kennzahlen/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("k/<str:ars>/kennzahlen/<int:pk>/csv/", views.indicator_csv, name="indicator_csv"),
    path(
        "k/<str:ars>/kennzahlen/<int:pk>/veroeffentlichung/",
        views.indicator_publication,
        name="indicator_publication",
    ),
    path("k/<str:ars>/sozialraumindex/", views.index_list, name="index_list"),
    path("k/<str:ars>/sozialraumindex/neu/", views.index_create, name="index_create"),
    path("k/<str:ars>/sozialraumindex/import/", views.index_import, name="index_import"),
    path(
        "k/<str:ars>/sozialraumindex/import/pruefen/",
        views.index_import_check,
        name="index_import_check",
    ),
    path("k/<str:ars>/sozialraumindex/<int:pk>/", views.index_detail, name="index_detail"),
]
