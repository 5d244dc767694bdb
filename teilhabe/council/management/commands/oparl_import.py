"""Import from the RIS through OParl: `manage.py oparl_import ARS (--url URL | --dir DIR)`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from teilhabe.core.models import Municipality
from teilhabe.council.oparl.client import DirectorySource, HttpSource
from teilhabe.council.oparl.importer import oparl_run


class Command(BaseCommand):
    help = "Import bodies, meetings and papers from an OParl 1.1 endpoint or saved JSON files."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("ars", help="regional key (ARS) of the municipality")
        parser.add_argument("--url", help="OParl system or body URL")
        parser.add_argument("--dir", help="directory of saved OParl JSON files")
        parser.add_argument(
            "--entry",
            help="with --dir: the address to start from (system, body, list or object); "
            "without it every saved object is read",
        )
        parser.add_argument("--full", action="store_true", help="ignore the last import date")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        municipality = Municipality.objects.filter(ars=options["ars"]).first()
        if municipality is None:
            raise CommandError(f"No municipality with ARS {options['ars']}.")
        if options["dir"]:
            # Without --entry every object saved in the directory is read.
            source = DirectorySource(Path(options["dir"]))
            entry = options["entry"] or ""
        elif options["url"]:
            source, entry = HttpSource(), options["url"]
        else:
            raise CommandError("Give --url or --dir.")
        run = oparl_run(municipality=municipality, source=source, entry=entry, full=options["full"])
        for key, value in sorted(run.counts.items()):
            self.stdout.write(f"{key}: {value}")
        for entry_ in run.skipped:
            self.stdout.write(f"{entry_['type']} {entry_['url']}: {entry_['reason']}")
