from django.urls import path

from teilhabe.concept import views, views_drafts, views_files

app_name = "concept"

K = "k/<str:ars>/"

urlpatterns = [
    # the tree
    path(K + "konzept/", views.tree, name="tree"),
    path(K + "konzept/export/<str:fmt>/", views_files.tree_export, name="tree_export"),
    path(K + "konzept/leitbild/", views.vision_edit, name="vision_edit"),
    path(K + "konzept/leitlinien/neu/", views.guideline_edit, name="guideline_create"),
    path(K + "konzept/leitlinien/<int:pk>/", views.guideline_edit, name="guideline_edit"),
    path(K + "konzept/leitziele/neu/", views.strategic_goal_edit, name="strategic_goal_create"),
    path(K + "konzept/leitziele/<int:pk>/", views.strategic_goal_edit, name="strategic_goal_edit"),
    path(K + "konzept/ziele/neu/", views.goal_edit, name="goal_create"),
    path(K + "konzept/ziele/<int:pk>/", views.goal_detail, name="goal_detail"),
    path(K + "konzept/ziele/<int:pk>/bearbeiten/", views.goal_edit, name="goal_edit"),
    path(K + "konzept/empfehlungen/", views.recommendation_list, name="recommendation_list"),
    path(K + "konzept/empfehlungen/neu/", views.recommendation_edit, name="recommendation_create"),
    path(
        K + "konzept/empfehlungen/<int:pk>/",
        views.recommendation_detail,
        name="recommendation_detail",
    ),
    path(
        K + "konzept/empfehlungen/<int:pk>/bearbeiten/",
        views.recommendation_edit,
        name="recommendation_edit",
    ),
    path(K + "konzept/freigabe/<str:kind>/<int:pk>/", views.publish, name="publish"),
    path(K + "konzept/zielgruppen/", views.target_groups, name="target_groups"),
    # drafts and change proposals
    path(K + "konzept/entwuerfe/", views_drafts.draft_list, name="draft_list"),
    path(K + "konzept/entwuerfe/einfrieren/", views_drafts.draft_freeze, name="draft_freeze"),
    path(K + "konzept/entwuerfe/vergleich/", views_drafts.draft_compare, name="draft_compare"),
    path(K + "konzept/entwuerfe/<int:pk>/", views_drafts.draft_detail, name="draft_detail"),
    path(K + "konzept/entwuerfe/<int:pk>/beschluss/", views_drafts.draft_adopt, name="draft_adopt"),
    path(
        K + "konzept/entwuerfe/<int:pk>/aenderungsvorschlag/",
        views_drafts.proposal_create,
        name="proposal_create",
    ),
    path(
        K + "konzept/aenderungsvorschlaege/<int:pk>/",
        views_drafts.proposal_detail,
        name="proposal_detail",
    ),
    path(
        K + "konzept/aenderungsvorschlaege/<int:pk>/einarbeiten/",
        views_drafts.proposal_apply,
        name="proposal_apply",
    ),
    # the update (Fortschreibung)
    path(K + "konzept/fortschreibung/", views_drafts.cycle_list, name="cycle_list"),
    path(K + "konzept/fortschreibung/neu/", views_drafts.cycle_create, name="cycle_create"),
    path(K + "konzept/fortschreibung/<int:pk>/", views_drafts.cycle_detail, name="cycle_detail"),
    path(
        K + "konzept/fortschreibung/<int:pk>/massnahmen-import/",
        views_drafts.cycle_import_measures,
        name="cycle_import_measures",
    ),
    path(
        K + "konzept/fortschreibung/<int:pk>/text-import/",
        views_drafts.cycle_import_text,
        name="cycle_import_text",
    ),
    path(K + "konzept/fortschreibung/alt/<int:pk>/", views_drafts.carry_over, name="carry_over"),
    # measures
    path(K + "massnahmen/", views.measure_list, name="measure_list"),
    path(K + "massnahmen/export/<str:fmt>/", views_files.measure_export, name="measure_export"),
    path(K + "massnahmen/import/", views_files.measure_import, name="measure_import"),
    path(
        K + "massnahmen/import/vorlage/<str:kind>/",
        views_files.import_template,
        name="import_template",
    ),
    path(K + "massnahmen/neu/", views.measure_edit, name="measure_create"),
    path(K + "massnahmen/<int:pk>/", views.measure_detail, name="measure_detail"),
    path(K + "massnahmen/<int:pk>/bearbeiten/", views.measure_edit, name="measure_edit"),
    path(K + "massnahmen/<int:pk>/beschluss/", views.measure_decision, name="measure_decision"),
    path(K + "massnahmen/<int:pk>/bewertung/", views.measure_assess, name="measure_assess"),
]
