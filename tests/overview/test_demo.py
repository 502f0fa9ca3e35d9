import pytest
from django.conf import settings
from django.core.management import call_command

from partnership.models import Agreement, Membership, Person


@pytest.mark.django_db
def test_demo_data_loads_twice_without_duplicates(capsys):
    call_command("load_demo")
    call_command("load_demo")
    out = capsys.readouterr().out
    assert Agreement.objects.count() == 1
    assert Person.objects.filter(email__endswith=".accord.localhost").count() == 10
    for role in Membership.Role:
        for party in ("HLEP", "CPCA"):
            assert Membership.objects.filter(role=role, organisation__short_name=party).exists()
    assert "hugo@hlep.accord.localhost" in out and "password: accord-demo-2026" in out
    assert settings.TIME_ZONE == "Europe/London"
