from django.urls import path

from teilhabe.inventory import views, views_survey

app_name = "inventory"

W = "k/<str:ars>/bestand/"

urlpatterns = [
    path(f"{W}akteure/", views.actor_list, name="actor_list"),
    path(f"{W}akteure/neu/", views.actor_edit, name="actor_create"),
    path(f"{W}akteure/<int:pk>/", views.actor_detail, name="actor_detail"),
    path(f"{W}akteure/<int:pk>/bearbeiten/", views.actor_edit, name="actor_edit"),
    path(f"{W}akteure/<int:pk>/notiz/", views.actor_note, name="actor_note"),
    path(
        f"{W}akteure/<int:pk>/kontakt-entfernen/",
        views.actor_contact_remove,
        name="actor_contact_remove",
    ),
    path(f"{W}akteure/<int:pk>/freigabe/", views.actor_publish, name="actor_publish"),
    path(
        f"{W}akteure/<int:pk>/zusammenfuehren/<int:other>/",
        views.actor_merge,
        name="actor_merge",
    ),
    path(f"{W}angebote/", views.offer_list, name="offer_list"),
    path(f"{W}angebote/neu/", views.offer_edit, name="offer_create"),
    path(f"{W}angebote/<int:pk>/", views.offer_detail, name="offer_detail"),
    path(f"{W}angebote/<int:pk>/bearbeiten/", views.offer_edit, name="offer_edit"),
    path(f"{W}angebote/<int:pk>/freigabe/", views.offer_publish, name="offer_publish"),
    path(
        f"{W}angebote/<int:pk>/zusammenfuehren/<int:other>/",
        views.offer_merge,
        name="offer_merge",
    ),
    path(f"{W}angebote/<int:offer_pk>/nutzung/neu/", views.usage_edit, name="usage_create"),
    path(f"{W}angebote/<int:offer_pk>/nutzung/<int:pk>/", views.usage_edit, name="usage_edit"),
    path(f"{W}inanspruchnahme/", views.usage_list, name="usage_list"),
    path(f"{W}luecken/", views.gaps, name="gaps"),
    path(f"{W}dubletten/", views.duplicates, name="duplicates"),
    path(f"{W}karte/", views.offer_map, name="offer_map"),
    path(f"{W}karte/punkte.json", views.offer_map_points, name="offer_map_points"),
    path(f"{W}import/", views.spreadsheet_upload, name="import"),
    path(f"{W}export/<str:kind>.<str:fmt>", views.export, name="export"),
    path(f"{W}befragungen/", views_survey.survey_list, name="survey_list"),
    path(f"{W}befragungen/neu/", views_survey.survey_create, name="survey_create"),
    path(f"{W}befragungen/<int:pk>/", views_survey.survey_detail, name="survey_detail"),
    path(
        f"{W}befragungen/<int:pk>/antworten/<int:invitation_pk>/",
        views_survey.survey_review,
        name="survey_review",
    ),
    path(
        f"{W}befragungen/<int:pk>/links/<int:invitation_pk>/erinnern/",
        views_survey.survey_invitation_remind,
        name="survey_invitation_remind",
    ),
    path(
        f"{W}befragungen/<int:pk>/uebergeben/<int:actor_pk>/",
        views_survey.survey_handover,
        name="survey_handover",
    ),
    # Public: the actor's personal link, no account and no municipality in the path.
    path("bestand/rueckmeldung/<str:token>/", views_survey.survey_answer, name="survey_answer"),
]
