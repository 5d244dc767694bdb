from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core.models import Membership


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo account (demo municipalities only)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("email")

    def handle(self, *args: object, **options: object) -> None:
        email = str(options["email"]).lower()
        memberships = Membership.objects.filter(user__email=email)
        if not memberships.exists() or memberships.filter(municipality__is_demo=False).exists():
            raise CommandError("Nur für Konten, die ausschließlich zu Demo-Kommunen gehören.")
        device = TOTPDevice.objects.filter(user__email=email, confirmed=True).first()
        if device is None:
            raise CommandError("Dieses Konto hat keine Zwei-Faktor-Anmeldung.")
        self.stdout.write(f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}")
