from django.urls import path

from teilhabe.planning import views

app_name = "planning"

K = "k/<str:ars>/"

urlpatterns = [
    # mandates (Beschlusskontrolle)
    path(K + "auftraege/", views.mandate_list, name="mandate_list"),
    path(K + "auftraege/neu/", views.mandate_edit, name="mandate_create"),
    path(K + "auftraege/<int:pk>/", views.mandate_detail, name="mandate_detail"),
    path(K + "auftraege/<int:pk>/bearbeiten/", views.mandate_edit, name="mandate_edit"),
    path(K + "auftraege/<int:pk>/erledigen/", views.mandate_close, name="mandate_close"),
    path(K + "auftraege/<int:pk>/wieder-oeffnen/", views.mandate_reopen, name="mandate_reopen"),
    # process plan
    path(K + "planung/", views.plan_list, name="plan_list"),
    path(K + "planung/neu/", views.plan_create, name="plan_create"),
    path(K + "planung/<int:pk>/", views.plan_detail, name="plan_detail"),
    path(K + "planung/<int:pk>/bearbeiten/", views.plan_edit, name="plan_edit"),
    path(K + "planung/<int:plan>/bausteine/neu/", views.phase_edit, name="phase_create"),
    path(K + "planung/bausteine/<int:pk>/", views.phase_edit, name="phase_edit"),
    path(K + "planung/<int:plan>/meilensteine/neu/", views.milestone_edit, name="milestone_create"),
    path(K + "planung/meilensteine/<int:pk>/", views.milestone_edit, name="milestone_edit"),
    path(K + "planung/loeschen/<str:kind>/<int:pk>/", views.item_delete, name="item_delete"),
    # resources
    path(K + "planung/<int:pk>/ressourcen/", views.resources, name="resources"),
    path(K + "planung/<int:plan>/varianten/neu/", views.option_edit, name="option_create"),
    path(K + "planung/varianten/<int:pk>/", views.option_edit, name="option_edit"),
    path(K + "planung/varianten/<int:option>/stellen/neu/", views.staff_edit, name="staff_create"),
    path(K + "planung/stellen/<int:pk>/", views.staff_edit, name="staff_edit"),
    path(K + "planung/varianten/<int:option>/kosten/neu/", views.cost_edit, name="cost_create"),
    path(K + "planung/kosten/<int:pk>/", views.cost_edit, name="cost_edit"),
    path(K + "planung/kostensaetze/", views.rate_list, name="rate_list"),
    path(K + "planung/kostensaetze/neu/", views.rate_edit, name="rate_create"),
    path(K + "planung/kostensaetze/<int:pk>/", views.rate_edit, name="rate_edit"),
    # funding
    path(K + "foerderung/", views.funding_list, name="funding_list"),
    path(K + "foerderung/programme/neu/", views.programme_edit, name="programme_create"),
    path(K + "foerderung/programme/<int:pk>/", views.programme_edit, name="programme_edit"),
    path(K + "foerderung/neu/", views.grant_edit, name="grant_create"),
    path(K + "foerderung/<int:pk>/", views.grant_detail, name="grant_detail"),
    path(K + "foerderung/<int:pk>/bearbeiten/", views.grant_edit, name="grant_edit"),
    path(K + "foerderung/<int:pk>/sachbericht/", views.grant_report, name="grant_report"),
    path(
        K + "foerderung/<int:grant>/mittelabrufe/neu/", views.drawdown_edit, name="drawdown_create"
    ),
    path(K + "foerderung/mittelabrufe/<int:pk>/", views.drawdown_edit, name="drawdown_edit"),
    path(K + "foerderung/<int:grant>/nachweise/neu/", views.proof_edit, name="proof_create"),
    path(K + "foerderung/nachweise/<int:pk>/", views.proof_edit, name="proof_edit"),
    # handover
    path(K + "uebergabe/", views.handover_view, name="handover"),
]
