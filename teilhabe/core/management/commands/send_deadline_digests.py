from django.core.management.base import BaseCommand

from teilhabe.core.tasks import deadline_digests_task, task_enqueue


class Command(BaseCommand):
    help = "Send the e-mail digests of deadlines that are due (run daily, e.g. at 6:00, by cron)."

    def handle(self, *args: object, **options: object) -> None:
        run = task_enqueue(
            deadline_digests_task, title="Fristen-Erinnerungen", municipality=None, user=None
        )
        self.stdout.write(f"Erinnerungen an Fristen werden verschickt (Aufgabe {run.pk}).")
