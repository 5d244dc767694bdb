"""Two-factor authentication: TOTP devices (django-otp) and hashed, single-use backup codes."""

from __future__ import annotations

import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core.models import ROLES_REQUIRING_2FA, BackupCode, BackupCodeDevice, Membership, User

BACKUP_CODE_COUNT = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud and typed from paper


def requires_two_factor(user: User) -> bool:
    """Admins and editors of any municipality must use a second factor; others may."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(
        user=user, is_active=True, role__in=ROLES_REQUIRING_2FA
    ).exists()


def has_confirmed_device(user: User) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed TOTP device for setup; an earlier unconfirmed one is replaced."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator-App", confirmed=False)


def _normalise(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


@transaction.atomic
def backup_codes_generate(*, user: User) -> list[str]:
    """Replace the user's backup codes with fresh ones; returns the plain codes once."""
    device, _created = BackupCodeDevice.objects.get_or_create(
        user=user, defaults={"name": "Notfallcodes", "confirmed": True}
    )
    device.codes.all().delete()
    codes = [
        "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(2))
        for _ in range(BACKUP_CODE_COUNT)
    ]
    BackupCode.objects.bulk_create(
        BackupCode(device=device, code_hash=make_password(_normalise(c))) for c in codes
    )
    return codes


def backup_codes_remaining(*, user: User) -> int:
    return BackupCode.objects.filter(device__user=user, used_at__isnull=True).count()


@transaction.atomic
def backup_code_matches(*, device: BackupCodeDevice, code: str) -> bool:
    """True and the code used up, if ``code`` is one of the device's unused codes."""
    plain = _normalise(code)
    if len(plain) != 8:
        return False
    for stored in device.codes.select_for_update().filter(used_at__isnull=True):
        if check_password(plain, stored.code_hash):
            stored.used_at = timezone.now()
            stored.save(update_fields=["used_at"])
            return True
    return False
