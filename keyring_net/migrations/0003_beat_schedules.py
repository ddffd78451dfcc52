"""Periodic work of the tenancy core, kept in the database so admins can
change it (django-celery-beat). Later apps add their schedules the same way."""

from django.db import migrations

SCHEDULES = [
    # (name, task, every N minutes or None, crontab (minute, hour) or None)
    ("Scheduler heartbeat", "keyring_net.record_heartbeat", 1, None, '["scheduler"]'),
    ("Clear expired sessions", "keyring_net.clear_expired_sessions", None, ("15", "3"), "[]"),
]


def create_schedules(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, every, cron, args in SCHEDULES:
        defaults = {"task": task, "args": args, "enabled": True}
        if every is not None:
            interval, _ = IntervalSchedule.objects.get_or_create(every=every, period="minutes")
            defaults["interval"] = interval
        else:
            minute, hour = cron
            crontab, _ = CrontabSchedule.objects.get_or_create(
                minute=minute,
                hour=hour,
                day_of_week="*",
                day_of_month="*",
                month_of_year="*",
                timezone="Europe/London",
            )
            defaults["crontab"] = crontab
        PeriodicTask.objects.update_or_create(name=name, defaults=defaults)


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[s[0] for s in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("keyring_net", "0002_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
