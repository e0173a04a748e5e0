"""Signed-in sessions move to the staff permission backend (`units.backends.StaffModelBackend`), which replaced
Django's ModelBackend in AUTHENTICATION_BACKENDS: Django signs out a session whose backend is no longer listed,
so without this every member of staff would be signed out by the release."""

from django.db import migrations

OLD = "django.contrib.auth.backends.ModelBackend"
NEW = "lantoa.units.backends.StaffModelBackend"


def move_sessions(apps, schema_editor, old=OLD, new=NEW):
    from django.contrib.sessions.backends.db import SessionStore

    Session = apps.get_model("sessions", "Session")
    store = SessionStore()
    for session in Session.objects.iterator(chunk_size=1000):
        data = store.decode(session.session_data)
        if data.get("_auth_user_backend") == old:
            data["_auth_user_backend"] = new
            session.session_data = store.encode(data)
            session.save(update_fields=["session_data"])


def move_back(apps, schema_editor):
    move_sessions(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0004_membership_created_label"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(move_sessions, move_back)]
