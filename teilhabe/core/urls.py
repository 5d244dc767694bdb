from django.contrib.auth.views import LogoutView
from django.urls import path

from teilhabe.core import views, views_account, views_deadlines

app_name = "core"

account_patterns = [
    path("konto/anmelden/", views_account.TeilhabeLoginView.as_view(), name="login"),
    path("konto/abmelden/", LogoutView.as_view(), name="logout"),
    path("konto/", views_account.account, name="account"),
    path(
        "konto/passwort/",
        views_account.TeilhabePasswordChangeView.as_view(),
        name="password_change",
    ),
    path("konto/zwei-faktor/", views_account.otp_verify, name="otp_verify"),
    path("konto/zwei-faktor/einrichten/", views_account.otp_setup, name="otp_setup"),
    path(
        "konto/zwei-faktor/notfallcodes/",
        views_account.backup_codes_renew,
        name="backup_codes_renew",
    ),
    path("fristen/einstellungen/", views_deadlines.reminder_settings, name="reminder_settings"),
    path(
        "fristen/abbestellen/<str:token>/",
        views_deadlines.digest_unsubscribe,
        name="digest_unsubscribe",
    ),
    path("kalender/<str:token>.ics", views_deadlines.calendar_feed, name="calendar_feed"),
    path(
        "konto/einladung/<str:token>/",
        views_account.invitation_accept_view,
        name="invitation_accept",
    ),
]

workspace_patterns = [
    path("k/<str:ars>/", views.home, name="home"),
    path("k/<str:ars>/gebiete/", views.area_list, name="area_list"),
    path("k/<str:ars>/gebiete/import/", views.area_import, name="area_import"),
    path(
        "k/<str:ars>/gebiete/import/zuordnung/",
        views.area_import_mapping,
        name="area_import_mapping",
    ),
    path("k/<str:ars>/gebiete/<int:pk>/", views.area_detail, name="area_detail"),
    path("k/<str:ars>/handlungsfelder/", views.field_list, name="field_list"),
    path("k/<str:ars>/handlungsfelder/uebernehmen/", views.field_adopt, name="field_adopt"),
    path("k/<str:ars>/handlungsfelder/neu/", views.field_edit, name="field_create"),
    path("k/<str:ars>/handlungsfelder/<int:pk>/", views.field_edit, name="field_edit"),
    path("k/<str:ars>/handlungsfelder/<int:pk>/verschieben/", views.field_move, name="field_move"),
    path("k/<str:ars>/organisation/", views.orgunit_list, name="orgunit_list"),
    path("k/<str:ars>/organisation/neu/", views.orgunit_edit, name="orgunit_create"),
    path("k/<str:ars>/organisation/<int:pk>/", views.orgunit_edit, name="orgunit_edit"),
    path("k/<str:ars>/personen/", views.member_list, name="member_list"),
    path("k/<str:ars>/personen/einladen/", views.member_invite, name="member_invite"),
    path("k/<str:ars>/personen/<int:pk>/aktiv/", views.member_toggle, name="member_toggle"),
    path("k/<str:ars>/kommune/", views.municipality_settings, name="municipality_settings"),
    path("k/<str:ars>/aufgaben/", views.task_list, name="task_list"),
    path("k/<str:ars>/fristen/", views_deadlines.deadline_list, name="deadline_list"),
    path("k/<str:ars>/aufgaben/<uuid:pk>/", views.task_detail, name="task_detail"),
]

urlpatterns = [
    path("", views.start, name="start"),
    path("kommunen/neu/", views.municipality_create, name="municipality_create"),
    path("seite/<slug:page>/", views.legal, name="legal"),
    *account_patterns,
    *workspace_patterns,
]
