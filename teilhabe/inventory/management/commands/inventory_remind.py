"""Automatic reminders of the actor survey; run once a day by cron or the worker host.

manage.py inventory_remind [--every-days 7] [--max-reminders 2] [--dry-run]
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from teilhabe.inventory.services import survey_invitations_due, survey_remind_due


class Command(BaseCommand):
    help = (
        "Send a reminder with a new personal link to every actor that has not answered a "
        "running actor survey, at most every N days and at most M times."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--every-days", type=int, default=7)
        parser.add_argument("--max-reminders", type=int, default=2)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        every, most = options["every_days"], options["max_reminders"]
        if options["dry_run"]:
            due = survey_invitations_due(today=today, every_days=every, max_reminders=most)
            for invitation in due:
                self.stdout.write(f"{invitation.survey.municipality.ars} {invitation}")
            self.stdout.write(f"{len(due)} reminders due (dry run, nothing sent).")
            return
        count = survey_remind_due(today=today, every_days=every, max_reminders=most)
        self.stdout.write(f"{count} reminders sent.")
