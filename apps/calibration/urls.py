"""The calibration pages; each feature adds its own include."""

app_name = "calibration"

urlpatterns: list = []
