from django.urls import path

from teilhabe.implementation import views

app_name = "implementation"

K = "k/<str:ars>/"

urlpatterns = [
    # the dashboard (Umsetzungsstand)
    path(K + "umsetzung/", views.dashboard, name="dashboard"),
    # status updates (Sachstand) and milestones of a measure
    path(K + "massnahmen/sachstaende/import/", views.update_import, name="update_import"),
    # Before the concept's template downloads (config/urls.py includes this part first).
    path(
        K + "massnahmen/import/vorlage/sachstaende/",
        views.update_import_template,
        name="update_import_template",
    ),
    path(K + "massnahmen/<int:pk>/sachstand/", views.measure_report, name="measure_report"),
    path(
        K + "massnahmen/<int:pk>/meilensteine/neu/", views.milestone_create, name="milestone_create"
    ),
    path(
        K + "massnahmen/<int:pk>/meilensteine/<int:milestone_pk>/erreicht/",
        views.milestone_done,
        name="milestone_done",
    ),
    # the county measures a town leads
    path(K + "geleitete-massnahmen/", views.led_measure_list, name="led_measure_list"),
    path(K + "geleitete-massnahmen/<int:pk>/", views.led_measure_detail, name="led_measure_detail"),
    # evaluations of measures
    path(K + "evaluationen/", views.evaluation_list, name="evaluation_list"),
    path(K + "evaluationen/neu/", views.evaluation_edit, name="evaluation_create"),
    path(K + "evaluationen/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path(K + "evaluationen/<int:pk>/bearbeiten/", views.evaluation_edit, name="evaluation_edit"),
    path(
        K + "evaluationen/<int:pk>/kennzahlen/neu/",
        views.figure_add,
        name="evaluation_figure_add",
    ),
    path(
        K + "evaluationen/<int:pk>/kennzahlen/<int:figure_pk>/entfernen/",
        views.figure_delete,
        name="evaluation_figure_delete",
    ),
    path(
        K + "evaluationen/<int:pk>/anfrage/",
        views.request_create,
        name="evaluation_request_create",
    ),
    path(
        K + "evaluationen/anfragen/<int:pk>/pruefen/",
        views.request_review,
        name="evaluation_request_review",
    ),
    # the public form behind a request link (no login)
    path(
        "kennzahlen-melden/<str:token>/",
        views.request_answer,
        name="evaluation_request_answer",
    ),
]
