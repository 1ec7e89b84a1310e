from django.urls import path

from apps.cycle import (
    cbv_views,
    export_views,
    leerplan_views,
    planning_views,
    procedure_views,
    views,
)

app_name = "cycle"

urlpatterns = [
    path("stages/<int:pk>/", views.placement_detail, name="placement"),
    path("stages/<int:pk>/kennismaking/", views.kennismaking, name="kennismaking"),
    path("stages/<int:pk>/persoonlijk/", views.sensitive_info, name="sensitive"),
    path("stages/<int:pk>/logboek/", views.guidance_logs, name="logs"),
    path("stages/<int:pk>/leerplan/", leerplan_views.leerplan, name="leerplan"),
    path(
        "stages/<int:pk>/leerplan/uitwerken/<int:po_pk>/",
        leerplan_views.leerplan_step,
        name="leerplan_step",
    ),
    path(
        "stages/<int:pk>/leerplan/begeleiding/",
        leerplan_views.leerplan_wishes,
        name="leerplan_wishes",
    ),
    path(
        "stages/<int:pk>/leerplan/indienen/",
        leerplan_views.leerplan_submit_view,
        name="leerplan_submit",
    ),
    path(
        "stages/<int:pk>/leerplan/besluit/",
        leerplan_views.leerplan_decide_view,
        name="leerplan_decide",
    ),
    path(
        "stages/<int:pk>/leerplan/antwoord/",
        leerplan_views.leerplan_answer_view,
        name="leerplan_answer",
    ),
    path(
        "stages/<int:pk>/leerplan/versies/",
        leerplan_views.leerplan_versions,
        name="leerplan_versions",
    ),
    path("logboek/<int:pk>/", views.guidance_log, name="log"),
    path("gesprekken/<int:pk>/gehouden/", views.conversation_held, name="conversation_held"),
    path("formulieren/<int:pk>/", views.form_detail, name="form"),
    path("formulieren/<int:pk>/pdf/", views.form_pdf, name="form_pdf"),
    path("formulieren/<int:pk>/zelfreflectie/", views.form_reflection, name="form_reflection"),
    path("formulieren/<int:pk>/feedback/", views.form_feedback, name="form_feedback"),
    path("formulieren/<int:pk>/verzenden/", views.form_send_view, name="form_send"),
    path("formulieren/<int:pk>/corrigeren/", views.form_correct_view, name="form_correct"),
    path("formulieren/onderdelen/<int:pk>/twijfel/", procedure_views.doubt, name="doubt"),
    path("meningsverschillen/<int:pk>/", procedure_views.disagreement, name="disagreement"),
    path(
        "meningsverschillen/<int:pk>/afronden/",
        procedure_views.disagreement_close,
        name="disagreement_close",
    ),
    path("stages/<int:pk>/zorg/", procedure_views.concern_new, name="concern_new"),
    path("zorgen/<int:pk>/", procedure_views.concern, name="concern"),
    path("stages/<int:pk>/beeindigen/", procedure_views.termination_new, name="termination_new"),
    path("beeindigingen/<int:pk>/", procedure_views.termination, name="termination"),
    path("stages/<int:pk>/maatwerk/", procedure_views.maatwerk, name="maatwerk"),
    path(
        "stages/<int:pk>/maatwerk/<int:outcome_pk>/verwijderen/",
        procedure_views.maatwerk_delete,
        name="maatwerk_delete",
    ),
    path("stages/<int:pk>/planning/", planning_views.placement_planning, name="planning"),
    path("stages/<int:pk>/gesprekken.ics", planning_views.placement_ics, name="placement_ics"),
    path(
        "gesprekken/<int:pk>/verplaatsen/",
        planning_views.conversation_reschedule,
        name="conversation_reschedule",
    ),
    path("stages/<int:pk>/beroepsvaardigheden/", cbv_views.cbv, name="cbv"),
    path(
        "stages/<int:pk>/beroepsvaardigheden/<str:moment>/",
        cbv_views.cbv_edit,
        name="cbv_edit",
    ),
    path("exports/oordelen/", export_views.judgements, name="judgements_export"),
    path("stages/<int:pk>/dossier/", export_views.dossier_new, name="dossier_new"),
    path("dossiers/", export_views.dossiers, name="dossiers"),
    path("dossiers/<int:pk>/", export_views.dossier, name="dossier"),
    path("dossiers/<int:pk>/pdf/", export_views.dossier_pdf, name="dossier_pdf"),
]
