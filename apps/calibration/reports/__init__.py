"""The reports of calibration-design.md §3.9: the praktijkbureau's report per school year and
the examencommissie's annual borgingsrapportage, aggregated only and without names."""
