from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from funding import demo as funding_demo
from meetings import demo as meetings_demo
from partnership import demo as partnership_demo
from partnership.models import Membership, Partnership
from projects import demo as projects_demo
from reminders import demo as reminders_demo

SEED = Path(settings.BASE_DIR) / "partnership" / "seed" / "agreement.md"


class Command(BaseCommand):
    help = "Loads the demo partnership from the seed agreement, with people for each role. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="accord-demo-2026", help="Password for new demo people.")

    def handle(self, *args, password: str, **options):
        call_command("import_agreement", str(SEED), stdout=self.stdout)
        partnership = Partnership.objects.get(parties__short_name="HLEP")
        people = partnership_demo.load_people(partnership, password)
        # Projects first: meetings' proposals and funding's bids link to them.
        for records, load in [
            ("joint projects", projects_demo.load),
            ("meetings, actions and decisions", meetings_demo.load),
            ("funding opportunities and bids", funding_demo.load),
            ("consultations and shared evidence", partnership_demo.load_consultations_and_evidence),
            ("reminders", reminders_demo.load),
        ]:
            self.stdout.write(f"Demo {records}…")
            load(partnership)

        self.stdout.write(self.style.SUCCESS(f"\nDemo people for {partnership} (password: {password})"))
        for role in Membership.Role:
            for person, organisation, person_role in people:
                if person_role == role:
                    self.stdout.write(f"  {role.label:<18} {organisation.short_name:<5} {person.email}")
