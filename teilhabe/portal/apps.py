from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "teilhabe.portal"
    label = "portal"

    def ready(self) -> None:
        from teilhabe.portal import wiring  # noqa: F401  (navigation, lifecycle, demo)
