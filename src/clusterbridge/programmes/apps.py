from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "clusterbridge.programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        # Registers the import's job kind; its module imports models, ready only now.
        from clusterbridge.programmes import import_jobs  # noqa: F401, PLC0415
