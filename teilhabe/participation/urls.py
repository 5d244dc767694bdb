from django.urls import path

from teilhabe.participation import views, views_public, views_surveys

app_name = "participation"

W = "k/<str:ars>/beteiligung/"
S = W + "befragungen/<int:pk>/"

urlpatterns = [
    # public survey pages (no login), first: they are the hot path
    path(
        "befragung/p/<str:token>/",
        views_public.language_choice,
        {"personal": True},
        name="personal_start",
    ),
    path(
        "befragung/p/<str:token>/<str:lang>/",
        views_public.survey_form,
        {"personal": True},
        name="personal_form",
    ),
    path("befragung/<str:token>/", views_public.language_choice, name="public_start"),
    path("befragung/<str:token>/ergebnisse/", views_public.public_results, name="public_results"),
    path("befragung/<str:token>/<str:lang>/", views_public.survey_form, name="public_form"),
    # surveys
    path(W + "befragungen/", views_surveys.survey_list, name="survey_list"),
    path(W + "befragungen/neu/", views_surveys.survey_create, name="survey_create"),
    path(S, views_surveys.survey_detail, name="survey_detail"),
    path(S + "bearbeiten/", views_surveys.survey_edit, name="survey_edit"),
    path(S + "texte/", views_surveys.survey_intro, name="survey_intro"),
    path(S + "uebersetzung/<str:lang>/", views_surveys.survey_translate, name="survey_translate"),
    path(S + "datenschutz/", views_surveys.survey_justify, name="survey_justify"),
    path(S + "oeffnen/", views_surveys.survey_open, name="survey_open"),
    path(S + "schliessen/", views_surveys.survey_close, name="survey_close"),
    path(S + "vorschau/<str:lang>/", views_surveys.survey_preview, name="survey_preview"),
    path(S + "fragen/neu/", views_surveys.question_create, name="question_create"),
    path(S + "fragen/<int:qpk>/", views_surveys.question_edit, name="question_edit"),
    path(S + "fragen/<int:qpk>/verschieben/", views_surveys.question_move, name="question_move"),
    path(S + "fragen/<int:qpk>/loeschen/", views_surveys.question_delete, name="question_delete"),
    path(S + "links/", views_surveys.invitations, name="invitations"),
    path(S + "papier/", views_surveys.paper_entry, name="paper_entry"),
    path(S + "ergebnisse/", views_surveys.results, name="results"),
    path(S + "ergebnisse.pdf", views_surveys.results_pdf, name="results_pdf"),
    path(S + "ergebnisse/veroeffentlichen/", views_surveys.results_publish, name="results_publish"),
    path(S + "freitext/", views_surveys.free_texts, name="free_texts"),
    path(
        S + "freitext/<int:apk>/uebernehmen/", views_surveys.free_text_adopt, name="free_text_adopt"
    ),
    path(S + "export/", views_surveys.export_start, name="export_start"),
    path(W + "exporte/<int:pk>/", views_surveys.export_download, name="export_download"),
    path(W + "einstellungen/", views_surveys.settings_edit, name="settings"),
    path(W + "stichwoerter/", views_surveys.keywords_edit, name="keywords"),
    # events
    path(W + "veranstaltungen/", views.event_list, name="event_list"),
    path(W + "veranstaltungen/neu/", views.event_create, name="event_create"),
    path(W + "veranstaltungen/<int:pk>/", views.event_detail, name="event_detail"),
    path(W + "veranstaltungen/<int:pk>/bearbeiten/", views.event_edit, name="event_edit"),
    path(W + "veranstaltungen/<int:pk>/erfassen/", views.event_capture, name="event_capture"),
    path(W + "veranstaltungen/<int:pk>/datei/", views.attachment_add, name="attachment_add"),
    path(W + "dateien/<int:pk>/", views.attachment_download, name="attachment_download"),
    # contributions
    path(W + "beitraege/", views.contribution_list, name="contribution_list"),
    path(W + "beitraege/neu/", views.contribution_create, name="contribution_create"),
    path(W + "beitraege/<int:pk>/", views.contribution_detail, name="contribution_detail"),
    path(W + "beitraege/<int:pk>/bearbeiten/", views.contribution_edit, name="contribution_edit"),
    path(
        W + "beitraege/<int:pk>/zuordnen/", views.contribution_confirm, name="contribution_confirm"
    ),
    # groups
    path(W + "gruppen/", views.group_list, name="group_list"),
    path(W + "gruppen/<str:kind>/neu/", views.group_create, name="group_create"),
    path(W + "gruppen/<str:kind>/<int:pk>/", views.group_detail, name="group_detail"),
    path(W + "gruppen/<str:kind>/<int:pk>/bearbeiten/", views.group_edit, name="group_edit"),
    path(W + "gruppen/<str:kind>/<int:pk>/mitglied/", views.member_add, name="member_add"),
    path(W + "mitglieder/<int:pk>/entfernen/", views.member_remove, name="member_remove"),
    path(W + "gruppen/<str:kind>/<int:pk>/dokument/", views.document_add, name="document_add"),
    path(W + "dokumente/<int:pk>/", views.document_download, name="document_download"),
    # reach
    path(W + "reichweite/", views.reach, name="reach"),
]
