"""The disagreement map ("Verschillenkaart") with its kalibratie-agenda and consistency
signals, and the agreement dashboard ("Beoordelaarsbetrouwbaarheid") with its tabs, each with
a CSV export under the same suppression (an empty cell)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from apps.calibration.insight import access, selectors
from apps.calibration.insight.forms import InsightFilterForm, MapColumnsForm
from apps.calibration.insight.heatmap import heatmap
from apps.calibration.stats import Figure
from apps.calibration.templatetags.calibration_insight import format_value
from apps.core.excel_csv import csv_text, safe_cell

TABS = [
    ("sessies", gettext_lazy("Kalibratiesessies")),
    ("steekproef", gettext_lazy("Steekproef")),
    ("basis", gettext_lazy("Slagingspercentages")),
    ("deelname", gettext_lazy("Deelname aan kalibratie")),
]

# The columns of the trend tables: (figure key, format, heading).
SESSION_TREND = [
    ("alpha", "coef", gettext_lazy("Krippendorffs α")),
    ("p_o", "pct", gettext_lazy("Ruwe overeenstemming (paren)")),
    ("na", "coef", gettext_lazy("Overeenstemming over niet voldaan (NA)")),
    ("reference", "pct", gettext_lazy("Eens met de referentie")),
]
AUDIT_TREND = [
    ("p_o", "pct", gettext_lazy("Ruwe overeenstemming (p_o)")),
    ("pa", "coef", gettext_lazy("Eens over voldaan (PA)")),
    ("na", "coef", gettext_lazy("Eens over niet voldaan (NA)")),
    ("kappa", "coef", gettext_lazy("Cohens κ")),
    ("ac1", "coef", gettext_lazy("Gwets AC1")),
]


def _trend(rows: list[dict], columns) -> dict:
    """The trend rows as the table shows them: per school year its cells in column order."""
    return {
        "columns": columns,
        "rows": [
            {
                "school_year": row["school_year"],
                "markers": row["markers"],
                "cells": [(key, kind, row["figures"][key]) for key, kind, _label in columns],
            }
            for row in rows
        ],
    }


def _filters(request: HttpRequest):
    schools = access.insight_schools(request.user)
    form = InsightFilterForm(
        request.GET or None, schools=schools, years=selectors.school_years(schools)
    )
    filters = form.filters() if form.is_bound else selectors.Filters()
    return schools, form, filters


def _columns(request: HttpRequest) -> str:
    form = MapColumnsForm(request.GET)
    return form.cleaned_data["kolommen"] or "jaar" if form.is_valid() else "jaar"


def _csv_response(rows: list[list], name: str) -> HttpResponse:
    response = HttpResponse(
        csv_text([[safe_cell(c) for c in row] for row in rows]),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    return response


def _cells(figure: Figure | None, kind: str) -> list[str]:
    """value, n, low, high — all empty when the figure is suppressed (criterion 13)."""
    if figure is None or not figure.shown:
        return ["", "", "", ""]
    return [
        format_value(figure.value, kind),
        str(figure.n),
        format_value(figure.low, kind),
        format_value(figure.high, kind),
    ]


@require_GET
def disagreement_map(request: HttpRequest) -> HttpResponse:
    schools, form, filters = _filters(request)
    columns = _columns(request)
    dmap = selectors.disagreement_map(schools, filters, columns)
    context = {
        "form": form,
        "columns_form": MapColumnsForm(initial={"kolommen": columns}),
        "dmap": dmap,
        "chart": heatmap(dmap),
        "agenda": selectors.calibration_agenda(dmap),
        "signals": selectors.consistency_signals(schools, filters),
        "query": request.GET.urlencode(),
    }
    return render(request, "calibration/insight/map.html", context)


@require_GET
def disagreement_map_csv(request: HttpRequest) -> HttpResponse:
    schools, _form, filters = _filters(request)
    dmap = selectors.disagreement_map(schools, filters, _columns(request))
    head = [_("Leeruitkomst"), _("Indicator")]
    for column in dmap.columns:
        head += [
            _("%(c)s: twijfels per 100") % {"c": column},
            _("%(c)s: n") % {"c": column},
            _("%(c)s: 95%%-interval van") % {"c": column},
            _("%(c)s: 95%%-interval tot") % {"c": column},
        ]
    rows = [head]
    for row in dmap.rows:
        line = [row.code or "", row.label if row.indicator_id else ""]
        for figure in row.cells:
            line += _cells(figure, "rate")
        rows.append(line)
    return _csv_response(rows, "verschillenkaart")


def _dashboard_data(request: HttpRequest, tab: str):
    schools, form, filters = _filters(request)
    partnership = access.sees_partnership(request.user)
    data: dict = {}
    if tab == "sessies":
        data = selectors.session_tiles(schools, filters, everywhere=partnership)
        data["trend_table"] = _trend(data["trend"], SESSION_TREND)
    elif tab == "steekproef":
        data = selectors.audit_overview(
            schools, filters, per_school=request.GET.get("per_school") == "1"
        )
        data["trend_table"] = _trend(data["trend"], AUDIT_TREND)
    elif tab == "basis":
        data = selectors.base_rates(schools, filters)
    else:
        data = selectors.coverage(schools, filters)
    return form, data


def _tab(request: HttpRequest) -> str:
    tab = request.GET.get("tab", "sessies")
    return tab if tab in dict(TABS) else "sessies"


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    tab = _tab(request)
    form, data = _dashboard_data(request, tab)
    params = request.GET.copy()
    params.pop("tab", None)
    context = {
        "form": form,
        "tab": tab,
        "tabs": TABS,
        "data": data,
        "filter_query": params.urlencode(),
        "query": request.GET.urlencode(),
        "per_school": request.GET.get("per_school") == "1",
    }
    return render(request, "calibration/insight/dashboard.html", context)


@require_GET
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    tab = _tab(request)
    _form, data = _dashboard_data(request, tab)
    interval = [_("n"), _("95%-interval van"), _("95%-interval tot")]
    rows: list[list] = []
    if tab == "sessies":
        names = [("alpha", "coef", "α"), ("p_o", "pct", "p_o"), ("na", "coef", "NA")]
        names.append(("reference", "pct", _("eens met referentie")))
        rows.append(
            [_("Sessie of voorbeeldenset")]
            + [f"{h} {x}" for _k, _f, h in names for x in [_("waarde"), *interval]]
            + [_("Wijziging tegenover het jaar ervoor")]
        )
        trend = [
            tile | {"label": _("Schooljaar %(y)s (alle sessies)") % {"y": tile["school_year"]}}
            for tile in data["trend"]
        ]
        for tile in data["sessions"] + data["sets"] + trend:
            line = [tile["label"]]
            for key, kind, _h in names:
                line += _cells(tile["figures"][key], kind)
            rows.append(line + ["; ".join(tile.get("markers", []))])
    elif tab == "steekproef":
        names = [("p_o", "pct"), ("pa", "coef"), ("na", "coef"), ("kappa", "coef"), ("ac1", "coef")]
        labels = {"p_o": "p_o", "pa": "PA", "na": "NA", "kappa": "κ", "ac1": "AC1"}
        rows.append(
            [_("Schooljaar"), _("School")]
            + [f"{labels[k]} {x}" for k, _f in names for x in [_("waarde"), *interval]]
            + [_("Wijziging tegenover het jaar ervoor")]
        )
        markers = {tile["school_year"]: tile["markers"] for tile in data["trend"]}
        for tile in data["years"] + data["schools"]:
            line = [tile["school_year"], tile["school"]]
            for key, kind in names:
                line += _cells(tile["figures"][key], kind)
            marked = "" if tile["school"] else "; ".join(markers.get(tile["school_year"], []))
            rows.append(line + [marked])
    elif tab == "basis":
        rows.append(
            [_("Leeruitkomst")]
            + [f"{y} {x}" for y in data["years"] for x in [_("voldaan"), *interval]]
        )
        for row in data["rows"]:
            line = [row["outcome"].code]
            for figure in row["figures"]:
                line += _cells(figure, "pct")
            rows.append(line)
    else:
        rows.append([_("School"), _("deelgenomen"), *interval])
        for row in data["per_school"]:
            rows.append([row["school"], *_cells(row["figure"], "pct")])
        rows.append(
            [_("Oordelen door een gekalibreerde beoordelaar"), *_cells(data["judgements"], "pct")]
        )
    return _csv_response(rows, f"beoordelaarsbetrouwbaarheid-{tab}")
