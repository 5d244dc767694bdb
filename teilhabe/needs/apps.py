from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "teilhabe.needs"
    label = "needs"

    def ready(self) -> None:
        from teilhabe.needs import wiring  # noqa: F401  (navigation, lifecycle, handover, demo)
