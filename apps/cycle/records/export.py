"""A student's data export (AVG): one ZIP with everything about them as JSON, plus the PDFs
of every form version. What "everything" is comes from the register of personal data
(apps/core/personal_data.py), so a model added there is exported without a change here."""

import io
import json
import shutil
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, Q, QuerySet

from apps.core import personal_data
from apps.core.personal_data import Entry
from apps.cycle.evidence.personal_data import evidence_export_files, evidence_export_rows
from apps.cycle.models import Disagreement, FormVersion, Observation
from apps.placements.models import Placement, StudentProfile


def of_placements(model, placements) -> Q:
    """The rows of `model` that belong to `placements`, by its lookup in the register."""
    return Q(**{f"{personal_data.entry_of(model).placement}__in": placements})


def form_versions_of(placements) -> QuerySet[FormVersion]:
    """Every version of the placements' forms, per placement in the order of the cycle
    (tussenevaluatie before eindbeoordeling) and per form by number. Shared by this export and
    the dossier (apps/cycle/records/dossier.py)."""
    return (
        FormVersion.objects.filter(of_placements(FormVersion, placements))
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
    return Disagreement.objects.filter(of_placements(Disagreement, placements)).order_by(
        "raised_at", "id"
    )


def _section(entry: Entry, lookup: str, keys: set) -> dict:
    """The rows of one model whose `lookup` is one of `keys`, as JSON-ready dicts grouped by
    that key: every field except the entry's `exclude` (a foreign key as its id, a
    many-to-many as the names of what it points at). One query, plus two per many-to-many."""
    model = entry.model
    fields = [f for f in model._meta.concrete_fields if f.name not in entry.exclude]
    m2m = [f for f in model._meta.many_to_many if f.name not in entry.exclude]
    rows = list(
        model._default_manager.filter(**{f"{lookup}__in": keys})
        .order_by(lookup, "pk")
        .values(*(f.attname for f in fields), *entry.also, _key=F(lookup))
    )
    pk_name = model._meta.pk.attname
    for field in m2m:
        pairs = list(
            model._default_manager.filter(pk__in=[r[pk_name] for r in rows])
            .exclude(**{f"{field.name}__isnull": True})
            .values_list("pk", field.name)
        )
        targets = field.related_model._default_manager.in_bulk({t for _pk, t in pairs})
        names: dict = {}
        for pk, target in pairs:
            names.setdefault(pk, []).append(str(targets[target]))
        for row in rows:
            row[field.name] = names.get(row[pk_name], [])
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(row.pop("_key"), []).append(row)
    return grouped


def student_export(profile: StudentProfile) -> dict:
    """Everything recorded about the student, including what their supervisors wrote: every
    model of the register of personal data (apps/core/personal_data.py) that is exported,
    about the student as a person (top level) or about one of their placements (per stage).
    A section holds the model's rows, each with its id and the ids it points at."""
    user = profile.user
    placement_ids = list(
        Placement.objects.filter(student=profile).order_by("pk").values_list("pk", flat=True)
    )
    data: dict = {}
    stages: dict = {pk: {} for pk in placement_ids}
    for entry in personal_data.entries():
        if not entry.export:
            continue
        if entry.person:
            data[entry.export] = _section(entry, entry.person, {user.pk}).get(user.pk, [])
        elif entry.placement:
            for pk, rows in _section(entry, entry.placement, set(placement_ids)).items():
                stages[pk][entry.export] = rows
    # Evidence is written by its own feature: where it hangs, and its file's name in the ZIP.
    for placement in Placement.objects.filter(pk__in=placement_ids):
        stages[placement.pk]["bewijs"] = evidence_export_rows(placement)
    data["stages"] = [stages[pk] for pk in placement_ids]
    return data


def student_export_zip(profile: StudentProfile) -> bytes:
    """The export as a ZIP: gegevens.json, one PDF per form version and the evidence files."""
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
        for name, stored in evidence_export_files(Placement.objects.filter(student=profile)):
            with stored, archive.open(name, "w") as target:
                shutil.copyfileobj(stored, target, 1024 * 1024)
        # The lesson plans kept with observations (private files, only ever handed out here
        # and through the access-checked download).
        plans = Observation.objects.filter(placement__student=profile).exclude(lesson_plan="")
        for observation in plans:
            name = (observation.lesson_plan_name or observation.lesson_plan.name).rsplit("/")[-1]
            with observation.lesson_plan.open("rb") as stored:
                archive.writestr(f"lesbezoeken/{observation.pk}-{name}", stored.read())
    return buffer.getvalue()
