from django.apps import AppConfig


class ConceptConfig(AppConfig):
    name = "teilhabe.concept"
    label = "concept"

    def ready(self) -> None:
        from teilhabe.concept import wiring  # noqa: F401  (navigation, lifecycle, demo)
