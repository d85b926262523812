"""The single runner's lease (`Batch.runner_token`, `Batch.heartbeat_at`), unused since
`BatchRunner` (0009), leaves the model, and its columns stay in the database: the release before
this one still names them in every query on batches while both run (README, Upgrading). The token
column gets a default of its own, so that this release's rows, written without it, are accepted.
The next release drops the columns and their index (`migrations.RunSQL`, with this state)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("generations", "0009_batch_runners"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(
                    model_name="batch",
                    name="runner_token",
                    field=models.CharField(blank=True, max_length=32, db_default=""),
                ),
            ],
            state_operations=[
                migrations.RemoveIndex(model_name="batch", name="generations_status_63ed43_idx"),
                migrations.RemoveField(model_name="batch", name="heartbeat_at"),
                migrations.RemoveField(model_name="batch", name="runner_token"),
            ],
        ),
    ]
