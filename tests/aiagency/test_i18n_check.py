"""`make lint`'s catalogue check: a string of the code missing from a catalogue, untranslated or
fuzzy there, or a catalogue string the code no longer has, fails it; the committed catalogues
pass it (`make lint` runs it over the real code)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiagency import i18n_check

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
TEMPLATE = HEADER + 'msgid "Invalid input."\nmsgstr ""\n\nmsgid "Created."\nmsgstr ""\n'


def _files(tmp_path: Path, catalogue: str) -> tuple[Path, Path]:
    (tmp_path / "django.pot").write_text(TEMPLATE)
    (tmp_path / "django.po").write_text(HEADER + catalogue)
    return tmp_path / "django.pot", tmp_path / "django.po"


def test_a_complete_catalogue_passes(tmp_path: Path) -> None:
    template, catalogue = _files(
        tmp_path,
        'msgid "Invalid input."\nmsgstr "Dados inválidos."\n\nmsgid "Created."\nmsgstr "Criado."\n',
    )

    assert i18n_check.catalogue_problems(template, catalogue) == []


@pytest.mark.parametrize(
    ("catalogue", "complaint"),
    [
        ('msgid "Invalid input."\nmsgstr "Dados inválidos."\n', "not defined"),
        (
            'msgid "Invalid input."\nmsgstr "Dados inválidos."\n\nmsgid "Created."\nmsgstr ""\n',
            "untranslated",
        ),
        (
            'msgid "Invalid input."\nmsgstr "Dados inválidos."\n\n'
            '#, fuzzy\nmsgid "Created."\nmsgstr "Criado."\n',
            "reviewed",
        ),
        (
            'msgid "Invalid input."\nmsgstr "Dados inválidos."\n\nmsgid "Created."\n'
            'msgstr "Criado."\n\nmsgid "Gone."\nmsgstr "Sumiu."\n',
            "not defined",  # in the code's template: the catalogue is stale
        ),
    ],
    ids=["missing", "untranslated", "fuzzy", "stale"],
)
def test_a_catalogue_out_of_step_with_the_code_fails(
    tmp_path: Path, catalogue: str, complaint: str
) -> None:
    template, po = _files(tmp_path, catalogue)

    problems = i18n_check.catalogue_problems(template, po)

    assert any(complaint in line for line in problems), problems


def test_every_language_but_english_has_a_catalogue() -> None:
    assert i18n_check.catalogue_locales() == ["pt_BR"]
    assert i18n_check.catalogue_path("pt_BR").exists()
