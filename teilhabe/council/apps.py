from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "teilhabe.council"
    label = "council"

    def ready(self) -> None:
        from teilhabe.council import wiring  # noqa: F401  (navigation, lifecycle, demo)
