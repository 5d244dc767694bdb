from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "teilhabe.participation"
    label = "participation"

    def ready(self) -> None:
        from teilhabe.participation import wiring  # noqa: F401  (navigation, lifecycle, demo)
