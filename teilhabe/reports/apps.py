from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "teilhabe.reports"
    label = "reports"

    def ready(self) -> None:
        from teilhabe.reports import wiring  # noqa: F401  (navigation, lifecycle, demo)
