"""Each partnership's kinds of outcome are its own (issue 14): the kinds there were go to the one
partnership there is, or are copied to each, and each project's targets and reports point at its own
partnership's copy."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def give_kinds_to_partnerships(apps, schema_editor):
    _give(apps)
    # Check the deferred foreign keys now: PostgreSQL alters no table with checks still pending.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _give(apps):
    OutcomeKind = apps.get_model("projects", "OutcomeKind")
    Partnership = apps.get_model("partnership", "Partnership")
    OutcomeTarget = apps.get_model("projects", "OutcomeTarget")
    OutcomeReport = apps.get_model("projects", "OutcomeReport")
    partnerships = list(Partnership.objects.order_by("pk"))
    if not partnerships:
        OutcomeKind.objects.filter(partnership=None).delete()  # nobody to give them to yet
        return
    first, *others = partnerships
    for kind in OutcomeKind.objects.filter(partnership=None):
        for partnership in others:
            copy = OutcomeKind.objects.create(partnership=partnership, name=kind.name, unit=kind.unit)
            for rows in (OutcomeTarget, OutcomeReport):
                rows.objects.filter(kind=kind, project__partnership=partnership).update(kind=copy)
        kind.partnership = first
        kind.save(update_fields=["partnership"])


class Migration(migrations.Migration):

    dependencies = [
        ('partnership', '0002_consultations_and_evidence'),
        ('projects', '0002_list_and_review_pack_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='outcomekind',
            name='partnership',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='outcome_kinds', to='partnership.partnership'),
        ),
        migrations.AlterField(
            model_name='outcomekind',
            name='name',
            field=models.CharField(max_length=100),
        ),
        migrations.RunPython(give_kinds_to_partnerships, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='outcomekind',
            name='partnership',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='outcome_kinds', to='partnership.partnership'),
        ),
        migrations.AddConstraint(
            model_name='outcomekind',
            constraint=models.UniqueConstraint(fields=('partnership', 'name'), name='one_outcome_kind_of_a_name'),
        ),
        migrations.CreateModel(
            name='HistoricalOutcomeKind',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(max_length=100)),
                ('unit', models.CharField(help_text='What it is counted in, e.g. "homes"; "GBP" for money.', max_length=30)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('partnership', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='partnership.partnership')),
            ],
            options={
                'verbose_name': 'historical outcome kind',
                'verbose_name_plural': 'historical outcome kinds',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
