"""A student's data export (AVG): one ZIP with everything about them as JSON, plus the PDFs
of every form version."""

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, QuerySet
from django.forms.models import model_to_dict

from apps.accounts.models import AuditEvent, Notification
from apps.cycle.models import (
    Conversation,
    Disagreement,
    FormVersion,
    KennismakingRecord,
    Leerplan,
    Observation,
    ObservationRequest,
    SensitiveInfo,
)
from apps.cycle.observations.selectors import observations_of_placement
from apps.placements.models import Placement, StudentProfile


def form_versions_of(placements) -> QuerySet[FormVersion]:
    """Every version of the placements' forms, per placement in the order of the cycle
    (tussenevaluatie before eindbeoordeling) and per form by number. Shared by this export and
    the dossier (apps/cycle/records/dossier.py)."""
    return (
        FormVersion.objects.filter(form__conversation__placement__in=placements)
        .select_related("form__conversation", "sent_by")
        .order_by(
            "form__conversation__placement_id",
            F("form__conversation__planned_date").asc(nulls_last=True),
            "form__conversation_id",
            "number",
        )
    )


def disagreements_of(placements) -> QuerySet[Disagreement]:
    """Every disagreement about a judgement on the placements' forms, oldest first."""
    return Disagreement.objects.filter(
        entry__version__form__conversation__placement__in=placements
    ).order_by("raised_at", "id")


def _row(obj, exclude=()) -> dict:
    data = model_to_dict(obj, exclude=list(exclude))
    data["id"] = obj.pk
    return {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}


def _people(placement: Placement) -> dict:
    return {
        role: ({"naam": p.full_name, "email": p.email} if p else None)
        for role, p in placement.people().items()
    }


def student_export(profile: StudentProfile) -> dict:
    """Everything recorded about the student, including what their supervisors wrote."""
    user = profile.user
    placements = Placement.objects.filter(student=profile).with_people()
    data = {
        "persoon": {"naam": user.full_name, "email": user.email, "rollen": sorted(user.role_set)},
        "studentprofiel": {
            "studentnummer": profile.student_number,
            "opleiding": profile.programme.name,
            "studiejaar": profile.year,
            "variant": profile.mode,
        },
        "stages": [],
        "meldingen": list(
            Notification.objects.filter(recipient=user).values("message", "url", "created_at")
        ),
        "auditlog": list(
            AuditEvent.objects.filter(actor=user).values("at", "action", "target_type", "target_id")
        ),
    }
    for placement in placements:
        versions = form_versions_of([placement])
        entries_by_version = {
            v.pk: [
                _row(e, exclude=["indicators_seen"])
                | {
                    "leeruitkomst": str(e.placement_outcome),
                    "geziene_indicatoren": [i.text for i in e.indicators_seen.all()],
                }
                for e in v.entries.all()
            ]
            for v in versions.prefetch_related(
                "entries__indicators_seen",
                "entries__placement_outcome__outcome",
                "entries__placement_outcome__subject_outcome",
            )
        }
        leerplan = Leerplan.objects.filter(placement=placement).first()
        sensitive = SensitiveInfo.objects.filter(placement=placement).first()
        kennismaking = KennismakingRecord.objects.filter(placement=placement).first()
        data["stages"].append(
            {
                "stage": _row(placement, exclude=["periods"])
                | {
                    "school": placement.school.name,
                    "periodes": [p.name for p in placement.periods.all()],
                    "mensen": _people(placement),
                },
                "leeruitkomsten": [str(po) for po in placement.outcomes.all()],
                "gesprekken": [_row(c) for c in Conversation.objects.filter(placement=placement)],
                "kennismaking": _row(kennismaking) if kennismaking else None,
                "persoonlijke_informatie": (
                    _row(sensitive, exclude=["visible_to"])
                    | {"zichtbaar_voor": [u.full_name for u in sensitive.visible_to.all()]}
                    if sensitive
                    else None
                ),
                "leerplan": (
                    _row(leerplan)
                    | {
                        "doelen": [_row(g, exclude=["indicators"]) for g in leerplan.goals.all()],
                        "goedkeuringen": [_row(a) for a in leerplan.approvals.all()],
                    }
                    if leerplan
                    else None
                ),
                "formulieren": [
                    _row(v, exclude=["pdf"]) | {"onderdelen": entries_by_version[v.pk]}
                    for v in versions
                ],
                "meningsverschillen": [
                    _row(d) | {"berichten": [_row(m) for m in d.messages.all()]}
                    for d in disagreements_of([placement])
                ],
                "lesbezoeken": [
                    _row(o, exclude=["lesson_plan"])
                    | {
                        "observator": o.observer.full_name,
                        "gezien": [
                            {
                                "leeruitkomst": str(s.placement_outcome),
                                "indicator": s.text,
                                "voorbeeld": s.example,
                            }
                            for s in o.seen.all()
                        ],
                    }
                    for o in observations_of_placement(placement)
                ],
                "verzoeken_om_lesbezoek": [
                    _row(r) for r in ObservationRequest.objects.filter(placement=placement)
                ],
            }
        )
    return data


def student_export_zip(profile: StudentProfile) -> bytes:
    """The export as a ZIP: gegevens.json and one PDF per form version."""
    from apps.cycle.feedback.pdf import form_version_pdf

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        payload = json.dumps(
            student_export(profile), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False
        )
        archive.writestr("gegevens.json", payload)
        versions = form_versions_of(Placement.objects.filter(student=profile))
        for version in versions:
            conversation = version.form.conversation
            name = (
                f"formulieren/{conversation.kind}-stage{conversation.placement_id}"
                f"-v{version.number}.pdf"
            )
            archive.writestr(name, form_version_pdf(version))
        # The lesson plans kept with observations (private files, only ever handed out here
        # and through the access-checked download).
        plans = Observation.objects.filter(placement__student=profile).exclude(lesson_plan="")
        for observation in plans:
            name = (observation.lesson_plan_name or observation.lesson_plan.name).rsplit("/")[-1]
            with observation.lesson_plan.open("rb") as stored:
                archive.writestr(f"lesbezoeken/{observation.pk}-{name}", stored.read())
    return buffer.getvalue()
