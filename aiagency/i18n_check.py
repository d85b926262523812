"""The translation catalogues against the code: `python -m aiagency.i18n_check` (`make lint`).

Django's `makemessages` extracts every marked string of the project's apps into a catalogue in a
temporary folder (the sources are linked there, so the committed `locale/` is not touched); GNU
gettext's `msgcmp` then compares it with each committed catalogue. It fails when a string of the
code is missing from a catalogue, is untranslated or fuzzy there, or when a catalogue still holds a
string the code no longer has. `--update` runs `makemessages` on `locale/` itself instead: new
strings arrive untranslated, gone ones become obsolete (`#~`) and are dropped.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import to_locale

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = BASE_DIR / "locale"
SOURCE_DIRS = (
    "accounts",
    "aiagency",
    "analytics",
    "content",
    "evaluations",
    "generations",
    "templates_app",
)
# Python code and the Django templates of the e-mails (.txt and .html).
EXTENSIONS = "py,html,txt"
MAKEMESSAGES = ["makemessages", f"--extension={EXTENSIONS}", "--no-obsolete", "--no-wrap"]


def catalogue_locales() -> list[str]:
    """Every language of `settings.LANGUAGES` but the one the code is written in (`pt_BR`)."""
    return [to_locale(code) for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def catalogue_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / "django.po"


def _manage(*arguments: str, cwd: Path) -> None:
    subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), *arguments], cwd=cwd, check=True)


def update_catalogues() -> None:
    ignored = [f"--ignore={name}/*" for name in _not_source_dirs()]
    for locale in catalogue_locales():
        _manage(*MAKEMESSAGES, "--add-location=file", f"--locale={locale}", *ignored, cwd=BASE_DIR)


def _not_source_dirs() -> list[str]:
    return [
        path.name for path in BASE_DIR.iterdir() if path.is_dir() and path.name not in SOURCE_DIRS
    ]


def extracted_template(into: Path) -> Path:
    """The code's strings as a fresh catalogue template (`django.pot`) under `into`."""
    for name in SOURCE_DIRS:
        (into / name).symlink_to(BASE_DIR / name, target_is_directory=True)
    (into / "locale").mkdir()
    # makemessages writes next to the sources it finds under its working directory's `locale/`.
    _manage(*MAKEMESSAGES, "--symlinks", "--keep-pot", "--locale=en", "--verbosity=0", cwd=into)
    return into / "locale" / "django.pot"


def _msgcmp(*arguments: str) -> list[str]:
    """msgcmp's complaints, one per line (none when the two agree)."""
    result = subprocess.run(["msgcmp", *arguments], capture_output=True, text=True)
    return result.stderr.splitlines() if result.returncode else []


def catalogue_problems(template: Path, catalogue: Path) -> list[str]:
    # Every string of the code translated in the catalogue (untranslated, fuzzy: absent)...
    problems = _msgcmp("--no-fuzzy-matching", str(catalogue), str(template))
    # ...and none in the catalogue that the code no longer has.
    problems += _msgcmp("--no-fuzzy-matching", "--use-untranslated", str(template), str(catalogue))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="update locale/ from the code")
    if parser.parse_args(argv).update:
        update_catalogues()
        return 0
    failed = False
    with tempfile.TemporaryDirectory(prefix="i18n-check-") as temporary:
        template = extracted_template(Path(temporary))
        for locale in catalogue_locales():
            catalogue = catalogue_path(locale)
            if catalogue.exists():
                problems = catalogue_problems(template, catalogue)
            else:
                problems = [f"{catalogue}: missing"]
            for line in problems:
                print(line, file=sys.stderr)
            if problems:
                failed = True
                print(
                    f"{catalogue.relative_to(BASE_DIR)} does not match the code: run "
                    "'make makemessages', translate the new entries and remove 'fuzzy' flags.",
                    file=sys.stderr,
                )
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aiagency.settings")
    raise SystemExit(main())
