"""Downloads of commissioner reports (who, which, when), and the report
schedule in django-celery-beat, editable in the admin as the tenancy core's
schedules are (keyring_net 0003): every morning the reports of periods just
ended are made; every ten minutes reports stuck waiting are sent again."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


SCHEDULE = "Make the commissioner reports that are due"
SCHEDULE_TASK = "outcomes.tasks.schedule_due_reports_task"
SWEEP = "Send stuck commissioner reports again"
SWEEP_TASK = "outcomes.tasks.sweep_stuck_reports_task"


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="5",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/London",
    )
    PeriodicTask.objects.update_or_create(
        name=SCHEDULE,
        defaults={"task": SCHEDULE_TASK, "args": "[]", "enabled": True, "crontab": crontab},
    )
    interval = IntervalSchedule.objects.filter(every=10, period="minutes").order_by("pk").first()
    if interval is None:
        interval = IntervalSchedule.objects.create(every=10, period="minutes")
    PeriodicTask.objects.update_or_create(
        name=SWEEP,
        defaults={"task": SWEEP_TASK, "args": "[]", "enabled": True, "interval": interval},
    )


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[SCHEDULE, SWEEP]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('keyring_net', '0005_organisation_contact_gap_days_and_more'),
        ('outcomes', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportDownload',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('format', models.CharField(choices=[('pdf', 'PDF'), ('csv', 'CSV')], max_length=3)),
                ('downloaded_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='keyring_net.organisation')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='downloads', to='outcomes.commissionerreport')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-downloaded_at'],
                'indexes': [models.Index(fields=['organisation', 'user', 'report'], name='outcomes_re_organis_c1308b_idx')],
            },
        ),
        migrations.RunPython(create_schedules, remove_schedules),
    ]
