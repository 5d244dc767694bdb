from django.urls import path

from teilhabe.council import views, views_proposals

app_name = "council"

K = "k/<str:ars>/"
P = "k/<str:ars>/ratsarbeit/"

urlpatterns = [
    path(f"{K}vorlagen/", views.paper_list, name="paper_list"),
    path(f"{K}vorlagen/neu/", views.paper_edit, name="paper_create"),
    path(f"{K}vorlagen/<int:pk>/", views.paper_detail, name="paper_detail"),
    path(f"{K}vorlagen/<int:pk>/bearbeiten/", views.paper_edit, name="paper_edit"),
    path(f"{K}vorlagen/<int:pk>/finanzen/", views.paper_finance, name="paper_finance"),
    path(f"{K}vorlagen/<int:pk>/anlagen/", views.paper_attachments, name="paper_attachments"),
    path(f"{P}anlagen/<int:pk>/", views.attachment_download, name="attachment_download"),
    path(f"{P}anlagen/<int:pk>/loeschen/", views.attachment_delete, name="attachment_delete"),
    path(f"{K}vorlagen/<int:pk>/vorlage.pdf", views.paper_pdf, name="paper_pdf"),
    path(f"{K}vorlagen/<int:pk>/vorlage.docx", views.paper_docx, name="paper_docx"),
    path(f"{K}vorlagen/<int:pk>/vorschau.png", views.paper_preview, name="paper_preview"),
    path(
        f"{K}vorlagen/<int:pk>/konzeptentwurf-anhaengen/",
        views.paper_draft_attach,
        name="paper_draft_attach",
    ),
    path(f"{K}vorlagen/<int:pk>/ris/", views.paper_hand_over, name="paper_hand_over"),
    path(f"{K}vorlagen/<int:pk>/mitzeichnung/", views.signoffs_request, name="signoffs_request"),
    path(f"{P}mitzeichnungen/<int:pk>/", views.signoff_decide, name="signoff_decide"),
    path(
        f"{K}vorlagen/<int:pk>/beratungsfolge/",
        views.paper_consultations,
        name="paper_consultations",
    ),
    path(
        f"{P}beratungen/<int:pk>/ergebnis/", views.consultation_result, name="consultation_result"
    ),
    path(f"{K}vorlagen/<int:pk>/beschluss/", views.paper_links, name="paper_links"),
    path(
        f"{P}aenderungsvorschlaege/<int:pk>/entscheidung/",
        views_proposals.proposal_decide,
        name="proposal_decide",
    ),
    path(f"{P}verknuepfungen/<int:pk>/loeschen/", views.link_delete, name="link_delete"),
    path(f"{K}vorlagen/<int:pk>/auftrag/", views.paper_mandate, name="paper_mandate"),
    path(f"{K}gremien/", views.committee_list, name="committee_list"),
    path(f"{K}gremien/neu/", views.committee_edit, name="committee_create"),
    path(f"{K}gremien/<int:pk>/", views.committee_detail, name="committee_detail"),
    path(f"{K}gremien/<int:pk>/bearbeiten/", views.committee_edit, name="committee_edit"),
    path(f"{K}gremien/<int:pk>/umbenennen/", views.committee_rename, name="committee_rename"),
    path(f"{P}personen/<int:pk>/entfernen/", views.person_remove, name="person_remove"),
    path(f"{K}gremien/wahlperioden/neu/", views.period_create, name="period_create"),
    path(f"{K}sitzungen/", views.meeting_list, name="meeting_list"),
    path(f"{K}sitzungen/neu/", views.meeting_edit, name="meeting_create"),
    path(f"{K}sitzungen/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path(f"{K}sitzungen/<int:pk>/bearbeiten/", views.meeting_edit, name="meeting_edit"),
    path(f"{K}sitzungen/<int:pk>/tagesordnung/", views.agenda_item_add, name="agenda_item_add"),
    path(f"{P}einstellungen/", views.council_settings, name="settings"),
    path(f"{P}einstellungen/vorlagenarten/", views.paper_type_add, name="paper_type_add"),
    path(
        f"{P}einstellungen/vorlagenarten/<int:pk>/", views.paper_type_edit, name="paper_type_edit"
    ),
    path(f"{P}einstellungen/mitzeichnung/", views.signoff_step_add, name="signoff_step_add"),
    path(
        f"{P}einstellungen/mitzeichnung/<int:pk>/loeschen/",
        views.signoff_step_delete,
        name="signoff_step_delete",
    ),
    path(f"{P}oparl/", views.oparl_import, name="oparl_import"),
    path(f"{P}oparl/<int:pk>/", views.oparl_run_detail, name="oparl_run"),
]
