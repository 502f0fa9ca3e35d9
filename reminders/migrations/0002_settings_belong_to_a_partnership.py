"""Each partnership's reminder settings are its own (issue 14): the settings there were go to the one
partnership there is, or are copied to each."""

import django.db.models.deletion
from django.db import migrations, models


def give_settings_to_partnerships(apps, schema_editor):
    _give(apps)
    # Check the deferred foreign keys now: PostgreSQL alters no table with checks still pending.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _give(apps):
    KindSetting = apps.get_model("reminders", "KindSetting")
    Partnership = apps.get_model("partnership", "Partnership")
    partnerships = list(Partnership.objects.order_by("pk"))
    if not partnerships:
        KindSetting.objects.filter(partnership=None).delete()  # nobody to give them to yet
        return
    first, *others = partnerships
    for setting in KindSetting.objects.filter(partnership=None):
        for partnership in others:
            KindSetting.objects.create(
                partnership=partnership,
                kind=setting.kind,
                enabled=setting.enabled,
                offsets_days=setting.offsets_days,
            )
        setting.partnership = first
        setting.save(update_fields=["partnership"])


class Migration(migrations.Migration):

    dependencies = [
        ('partnership', '0002_consultations_and_evidence'),
        ('reminders', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='kindsetting',
            name='partnership',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reminder_settings', to='partnership.partnership'),
        ),
        migrations.AlterField(
            model_name='kindsetting',
            name='kind',
            field=models.CharField(max_length=60),
        ),
        migrations.AddField(
            model_name='historicalkindsetting',
            name='partnership',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='partnership.partnership'),
        ),
        migrations.AlterField(
            model_name='historicalkindsetting',
            name='kind',
            field=models.CharField(max_length=60),
        ),
        migrations.RunPython(give_settings_to_partnerships, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='kindsetting',
            name='partnership',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminder_settings', to='partnership.partnership'),
        ),
        migrations.AddConstraint(
            model_name='kindsetting',
            constraint=models.UniqueConstraint(fields=('partnership', 'kind'), name='one_setting_per_reminder_kind'),
        ),
    ]
