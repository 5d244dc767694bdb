from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "teilhabe.planning"
    label = "planning"

    def ready(self) -> None:
        from teilhabe.planning import wiring  # noqa: F401  (navigation, lifecycle, demo)
