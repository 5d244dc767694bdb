"""Delete the raw answers of surveys whose retention period has ended (run daily, e.g. cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from teilhabe.participation.services import responses_purge_expired


class Command(BaseCommand):
    help = "Delete raw survey answers after the retention period; aggregated results stay."

    def handle(self, *args: Any, **options: Any) -> None:
        done = responses_purge_expired()
        self.stdout.write(f"raw answers deleted for {len(done)} survey(s): {done}")
