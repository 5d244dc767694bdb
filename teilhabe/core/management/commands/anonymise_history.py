from django.core.management.base import BaseCommand

from teilhabe.core.services import history_anonymise


class Command(BaseCommand):
    help = "Anonymise the authors of history entries older than TEILHABE_HISTORY_PERSON_RETENTION_DAYS."

    def handle(self, *args: object, **options: object) -> None:
        count = history_anonymise()
        self.stdout.write(f"{count} Verlaufseinträge anonymisiert.")
