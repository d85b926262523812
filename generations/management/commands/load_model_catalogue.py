from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from aiagency.languages import TerminalLanguageMixin
from generations.services.catalogue import CATALOGUE_FILE, catalogue_load


class Command(TerminalLanguageMixin, BaseCommand):
    help = "Load the model catalogue (models and prices) from its data file into the database."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--file", type=Path, default=CATALOGUE_FILE)
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="also reset prices of models already in the database (admin edits are lost)",
        )

    def handle(self, *args: Any, file: Path, overwrite: bool, **options: Any) -> None:
        created, updated = catalogue_load(path=file, overwrite=overwrite)
        self.stdout.write(
            _("Model catalogue: %(created)d added, %(updated)d updated.")
            % {"created": created, "updated": updated}
        )
