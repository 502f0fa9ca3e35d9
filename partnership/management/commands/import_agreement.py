from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partnership.agreement_text import AgreementTextError, parse_agreement
from partnership.services import import_agreement


class Command(BaseCommand):
    help = "Imports a partnership agreement (numbered clauses, bold headings) as a new version."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            parsed = parse_agreement(raw)
        except AgreementTextError as error:
            raise CommandError(f"{path}, {error}") from None
        result = import_agreement(parsed)
        agreement = result.agreement
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported {agreement.title} version {agreement.version} for {agreement.partnership}: "
                    f"{agreement.clauses.count()} clauses, {agreement.clauses.commitments().count()} commitments, "
                    f"{agreement.clauses.practices().count()} practices."
                )
            )
        else:
            self.stdout.write(
                f"{agreement.title} version {agreement.version} is already up to date; nothing changed."
            )
