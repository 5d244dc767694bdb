from django.urls import path

from teilhabe.portal import views, views_workspace

app_name = "portal"

P = "portal/<str:ars>/"
W = "k/<str:ars>/portal/"

urlpatterns = [
    # the public portal (no login)
    path(P, views.start, name="start"),
    path(P + "leichte-sprache/", views.easy, name="easy"),
    path(P + "konzept/", views.concept, name="concept"),
    path(P + "massnahmen/", views.measures, name="measures"),
    path(P + "massnahmen/<int:pk>/", views.measure_detail, name="measure_detail"),
    path(P + "beteiligung/", views.participation, name="participation"),
    path(P + "kennzahlen/", views.indicators, name="indicators"),
    path(P + "kennzahlen/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path(P + "kennzahlen/<int:pk>/<str:kind>.svg", views.indicator_chart, name="indicator_chart"),
    path(P + "angebote/", views.offers, name="offers"),
    path(P + "angebote/<int:pk>/", views.offer_detail, name="offer_detail"),
    path(P + "befragungen/", views.surveys, name="surveys"),
    path(P + "dokumente/", views.documents, name="documents"),
    path(P + "dokumente/vorlagen/<int:pk>.pdf", views.paper_pdf, name="paper_pdf"),
    path(P + "daten/", views.open_data, name="open_data"),
    path(P + "daten/<str:dataset>.<str:fmt>", views.open_data_file, name="open_data_file"),
    path(P + "barrierefreiheit/", views.accessibility, name="accessibility"),
    path(P + "rueckmeldung/", views.feedback, name="feedback"),
    path(P + "rueckmeldung/danke/", views.feedback_thanks, name="feedback_thanks"),
    path(P + "datenschutz/", views.privacy, name="privacy"),
    path(P + "impressum/", views.imprint, name="imprint"),
    # the workspace side
    path(W, views_workspace.settings_edit, name="settings"),
    path(W + "texte/neu/", views_workspace.text_edit, name="text_create"),
    path(W + "texte/<int:pk>/", views_workspace.text_edit, name="text_edit"),
    path(W + "texte/<int:pk>/loeschen/", views_workspace.text_delete, name="text_delete"),
    path(W + "rueckmeldungen/", views_workspace.feedback_list, name="feedback_list"),
    path(W + "rueckmeldungen/<int:pk>/", views_workspace.feedback_detail, name="feedback_detail"),
]
