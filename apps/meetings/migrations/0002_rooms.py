from django.db import migrations

ROOMS = [("三楼党组会议室", 15), ("四楼大会议室", 60), ("二楼案审会议室", 12)]


def seed(apps, schema_editor):
    MeetingRoom = apps.get_model("meetings", "MeetingRoom")
    for order, (name, capacity) in enumerate(ROOMS, start=1):
        MeetingRoom.objects.get_or_create(name=name, defaults={"capacity": capacity, "order": order})


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
