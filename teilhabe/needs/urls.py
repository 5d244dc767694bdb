"""The needs assessment's pages, at the same German paths as before (``…/bedarfe/…``)."""

from django.urls import path

from teilhabe.needs import views

app_name = "needs"

K = "k/<str:ars>/"

urlpatterns = [
    path(K + "bedarfe/", views.need_list, name="need_list"),
    path(K + "bedarfe/unbeantwortet/", views.need_unanswered, name="need_unanswered"),
    path(K + "bedarfe/neu/", views.need_edit, name="need_create"),
    path(K + "bedarfe/matrix/", views.need_matrix, name="need_matrix"),
    path(
        K + "bedarfe/matrix/export/<str:fmt>/",
        views.need_matrix_export,
        name="need_matrix_export",
    ),
    path(K + "bedarfe/vorschlaege/", views.proposal_list, name="need_proposals"),
    path(
        K + "bedarfe/vorschlaege/<int:pk>/",
        views.proposal_decide,
        name="need_proposal_decide",
    ),
    path(K + "bedarfe/einstellungen/", views.need_settings, name="need_settings"),
    path(K + "bedarfe/kriterien/neu/", views.criterion_edit, name="criterion_create"),
    path(K + "bedarfe/kriterien/<int:pk>/", views.criterion_edit, name="criterion_edit"),
    path(K + "bedarfe/gewichtung/", views.round_list, name="round_list"),
    path(K + "bedarfe/gewichtung/neu/", views.round_create, name="round_create"),
    path(K + "bedarfe/gewichtung/<int:pk>/", views.round_detail, name="round_detail"),
    path(
        K + "bedarfe/gewichtung/<int:pk>/bewerten/<int:need_pk>/",
        views.round_score,
        name="round_score",
    ),
    path(
        K + "bedarfe/gewichtung/<int:pk>/schliessen/",
        views.round_close,
        name="round_close",
    ),
    path(
        K + "bedarfe/gewichtung/<int:pk>/beschluss/",
        views.round_decide,
        name="round_decide",
    ),
    path(K + "bedarfe/<int:pk>/", views.need_detail, name="need_detail"),
    path(K + "bedarfe/<int:pk>/bearbeiten/", views.need_edit, name="need_edit"),
    path(K + "bedarfe/<int:pk>/status/", views.need_status, name="need_status"),
    path(
        K + "bedarfe/<int:pk>/belege/<str:kind>/",
        views.evidence_add,
        name="need_evidence_add",
    ),
    path(
        K + "bedarfe/<int:pk>/belege/<int:evidence_pk>/entfernen/",
        views.evidence_delete,
        name="need_evidence_delete",
    ),
]
