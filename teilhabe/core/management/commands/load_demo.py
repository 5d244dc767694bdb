from django.conf import settings
from django.core.management.base import BaseCommand

from teilhabe.core.demo import DEMO_LOGINS, DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Load the demo municipalities (Stadt Köln, Kreis Beispielland); keeps what exists."

    def handle(self, *args: object, **options: object) -> None:
        for municipality in demo_load():
            self.stdout.write(
                f"Demo geladen: {municipality.name} ({municipality.ars}), {municipality.areas.count()} Gebiete"
            )
        self.stdout.write("")
        self.stdout.write(
            f"Anmeldung unter {settings.TEILHABE_BASE_URL}/ – Passwort für alle Demo-Konten: {DEMO_PASSWORD}"
        )
        for email, where, role in DEMO_LOGINS:
            self.stdout.write(f"  {email:32} {where:22} {role}")
        self.stdout.write(
            "Zwei-Faktor-Code für Demo-Konten: .venv/bin/python manage.py demo_code E-MAIL"
        )
