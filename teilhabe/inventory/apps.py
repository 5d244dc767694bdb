from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "teilhabe.inventory"
    label = "inventory"

    def ready(self) -> None:
        from teilhabe.inventory import wiring  # noqa: F401  (navigation, lifecycle, demo)
