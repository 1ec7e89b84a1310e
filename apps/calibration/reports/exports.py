"""The borgingsrapportage as CSV (calibration-design.md §3.9: "PDF and CSV, both aggregated with
suppression"): one row per figure, in the sections of the report.

Columns: section, cohort (studiejaar), outcome, group (a school or an exemplar set, where the
report breaks a figure down by one), measure, n, value, 95% interval low and high. A figure the
report shows as "te weinig gegevens" has its row with n, value and interval EMPTY (criterion
13); an agreement figure that is shown always has n and an interval cell (criterion 12); p_o,
PA, NA, κ and AC1 always come as five rows together (criterion 14). No names of people.

The last row is the generation fingerprint: the sha256 of the file's text above it (the UTF-8
text with its byte order mark and CRLF line ends), so a reader can check the file is the one
Driehoek wrote."""

from django.utils.translation import gettext as _

from apps.calibration.reports.selectors import fingerprint
from apps.calibration.stats import Figure
from apps.calibration.templatetags.calibration_insight import format_value
from apps.core.excel_csv import csv_text

PAIRED = (("p_o", "pct"), ("pa", "coef"), ("na", "coef"), ("kappa", "coef"), ("ac1", "coef"))


def _paired_labels() -> dict[str, str]:
    return {
        "p_o": _("ruwe overeenstemming (p_o)"),
        "pa": _("eens over voldaan (PA)"),
        "na": _("eens over niet voldaan (NA)"),
        "kappa": _("Cohens κ"),
        "ac1": _("Gwets AC1"),
    }


def _figure(figure: Figure | None, kind: str) -> list:
    """n, value, low, high; all empty when the figure is suppressed or undefined."""
    if figure is None or not figure.shown:
        return ["", "", "", ""]
    return [
        figure.n,
        format_value(figure.value, kind),
        format_value(figure.low, kind),
        format_value(figure.high, kind),
    ]


def _count(value: int | None) -> list:
    """A plain count (it rests on nothing else, so n stays empty); all empty when the report
    suppresses it (None)."""
    if value is None:
        return ["", "", "", ""]
    return ["", value, "", ""]


def borging_rows(data: dict) -> list[list]:
    """The rows of the CSV, header first and fingerprint last, from `borging_report`."""
    rows: list[list] = [
        [
            _("onderdeel"),
            _("cohort (studiejaar)"),
            _("leeruitkomst"),
            _("groep"),
            _("maat"),
            _("n"),
            _("waarde"),
            _("95%-interval van"),
            _("95%-interval tot"),
        ]
    ]

    def add(section, measure, cells, *, cohort="", outcome="", group=""):
        rows.append([section, cohort, outcome, group, measure, *cells])

    labels = _paired_labels()
    for sample in data["samples"]:
        add(
            "1",
            _("steekproef: percentage van de populatie"),
            [sample.population, format_value(float(sample.rate), "pct"), "", ""],
            cohort=sample.study_year or "",
            group=f"{sample.drawn_at:%d-%m-%Y}",
        )

    audit = data["audit"]
    for key, kind in PAIRED:
        add("2", labels[key], _figure(audit["tile"]["figures"][key], kind))
    t = audit["overall"]
    for measure, value in (
        (_("paren: beide voldaan"), t["a"]),
        (_("paren: eerste voldaan, tweede niet voldaan"), t["b"]),
        (_("paren: eerste niet voldaan, tweede voldaan"), t["c"]),
        (_("paren: beide niet voldaan"), t["d"]),
    ):
        add("2", measure, [t["n"], value, "", ""])
    doubts = audit["doubts"]
    for measure, value in (
        (_("twijfels uit de steekproef"), doubts["total"]),
        (_("twijfels: lopend"), doubts["open"]),
        (_("twijfels: oordeel gehandhaafd"), doubts["kept"]),
        (_("twijfels: gewijzigd naar niet voldaan"), doubts["to_niet_voldaan"]),
        (_("twijfels: gewijzigd naar voldaan"), doubts["to_voldaan"]),
    ):
        add("2", measure, [doubts["total"], value, "", ""])
    for school in audit["schools"]:
        shown = school["shown"]
        for measure, key in (
            (_("paren: beide voldaan"), "a"),
            (_("paren: verschillend oordeel"), "bc"),
            (_("paren: beide niet voldaan"), "d"),
        ):
            value = (school["b"] + school["c"] if key == "bc" else school[key]) if shown else None
            add(
                "2",
                measure,
                [school["n"], value, "", ""] if shown else _count(None),
                group=school["school"],
            )
    for cell in audit["cells"]:
        where = {"cohort": cell["cohort"], "outcome": cell["outcome"]}
        for key, kind in PAIRED:
            add("2", labels[key], _figure(cell["tile"]["figures"][key], kind), **where)
        for direction, measure in (
            ("second_nv", _("tweede niet voldaan, eerste voldaan")),
            ("second_v", _("tweede voldaan, eerste niet voldaan")),
        ):
            for how, label in (
                ("open", _("lopend")),
                ("kept", _("eerste oordeel gehandhaafd")),
                ("changed", _("oordeel gewijzigd")),
            ):
                value = cell[direction][how] if cell["shown"] else None
                add(
                    "2",
                    f"{measure}: {label}",
                    [cell["n"], value, "", ""] if cell["shown"] else _count(None),
                    **where,
                )

    for row in data["sessions"]:
        group = _("set %(number)s (%(n)s voorbeelden)") % {
            "number": row["number"],
            "n": row["exemplars"],
        }
        add("3", _("sessies"), _count(row["sessions"]), group=group)
        add(
            "3",
            _("Krippendorffs α vóór de bespreking"),
            _figure(row["alpha_pre"], "coef"),
            group=group,
        )
        add(
            "3",
            _("Krippendorffs α na de bespreking"),
            _figure(row["alpha_post"], "coef"),
            group=group,
        )

    for row in data["base_rates"]:
        for measure, value in (
            (_("voldaan (%)"), row["voldaan_pct"]),
            (_("twijfels per 100 oordelen"), row["doubts_per_100"]),
            (_("gewijzigd naar niet voldaan per 100 oordelen"), row["to_niet_voldaan_per_100"]),
            (_("gewijzigd naar voldaan per 100 oordelen"), row["to_voldaan_per_100"]),
        ):
            add(
                "4",
                measure,
                [row["n"], format_value(value, "rate"), "", ""],
                outcome=row["outcome"],
            )

    expertise = data["expertise"]
    add(
        "5",
        _("oordelen door een gekalibreerde beoordelaar"),
        [expertise["judgements"], expertise["by_calibrated"], "", ""],
    )
    for school in expertise["schools"]:
        add(
            "5",
            _("gekalibreerde werkplekbegeleiders"),
            [school["wpbs"], school["calibrated"], "", ""] if school["shown"] else _count(None),
            group=school["school"],
        )

    add("6", _("afspraken"), _count(len(data["agreements"])))
    for rule in data["rules"]:
        add("6", _("beslisregel (versie)"), ["", rule.version, "", ""], outcome=rule.outcome.code)

    add(
        _("vingerafdruk (sha256)"),
        _("sha256 van de tekst van dit bestand boven deze regel"),
        ["", fingerprint(csv_text(rows)), "", ""],
    )
    return rows
