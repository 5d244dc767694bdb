from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "teilhabe.api"
    label = "api"

    def ready(self) -> None:
        from teilhabe.api import wiring  # noqa: F401  (navigation, lifecycle, demo)
