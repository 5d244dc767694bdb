from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "teilhabe.core"
    label = "core"
    verbose_name = _("Foundation")

    def ready(self) -> None:
        from teilhabe.core import history, wiring  # noqa: F401  (signal receivers, lifecycle, navigation)
