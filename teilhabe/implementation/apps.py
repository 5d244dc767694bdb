from django.apps import AppConfig


class ImplementationConfig(AppConfig):
    name = "teilhabe.implementation"
    label = "implementation"

    def ready(self) -> None:
        from teilhabe.implementation import wiring  # noqa: F401  (navigation, lifecycle, panels)
