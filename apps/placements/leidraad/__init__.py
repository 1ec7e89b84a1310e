"""The quality monitor of the Leidraad goede leerwerkplek: the school's yearly review, the
students' evaluations of their leerwerkplek, and the overview and export for the institute.
Its models stay in `apps.placements.models`."""
