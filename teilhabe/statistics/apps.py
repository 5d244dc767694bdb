from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "teilhabe.statistics"
    label = "statistics"

    def ready(self) -> None:
        from teilhabe.statistics import wiring  # noqa: F401  (navigation, lifecycle, demo)
