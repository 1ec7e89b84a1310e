"""The import of students, staff and placements from a CSV or XLSX file (praktijkbureau).

- `selectors`: reading a file into rows and checking them against the database into a plan
  (what each row would create or change, every error); writes nothing.
- `services`: applying a plan without errors, all or nothing.
- `forms`, `views`: upload, preview, confirm; `apps.placements.urls` keeps the URL names.
"""
