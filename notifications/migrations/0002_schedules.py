"""Notifications' periodic work (django-celery-beat), editable in the admin,
as the tenancy core's schedules are (keyring_net 0003)."""

from django.db import migrations

SCHEDULES = [
    ("Send due notifications", "notifications.tasks.send_due_notifications_task", 1),
    ("Create due notifications", "notifications.tasks.create_due_notifications_task", 15),
]


def create_schedules(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, every in SCHEDULES:
        interval = (
            IntervalSchedule.objects.filter(every=every, period="minutes").order_by("pk").first()
        )
        if interval is None:
            interval = IntervalSchedule.objects.create(every=every, period="minutes")
        PeriodicTask.objects.update_or_create(
            name=name,
            defaults={"task": task, "args": "[]", "enabled": True, "interval": interval},
        )


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[s[0] for s in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
