"""Template files: reading JSON, YAML, CSV and Markdown-with-front-matter into records, and back.

A *record* is a flat mapping with the fields of `RECORD_FIELDS`. Readers never raise for bad input:
they yield a `SourceError` naming the file and the line (or item, or row) and carry on with what
they can still read, so one bad row never hides the rest of a file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from aiagency.csv_cells import csv_writer, restore_cell

RECORD_FIELDS = (
    "slug",
    "name",
    "description",
    "category",
    "tags",
    "language",
    "archived",
    "changelog",
    "defaults",
    "variables",
    "system_prompt",
    "body",
)
_JSON_CELLS = ("variables", "defaults")
EXTENSIONS = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".md": "markdown"}
_FRONT_MATTER = "---"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# Besides their own error classes, the parsers raise these for input they cannot represent: a
# nesting deeper than Python's recursion limit, an integer of more than 4,300 digits (ValueError),
# a YAML timestamp such as 2020-13-45 (ValueError from `datetime`), an out-of-range float.
_UNREADABLE = (ValueError, TypeError, OverflowError, RecursionError)


@dataclass(frozen=True)
class SourceRecord:
    source: str
    location: str
    data: dict[str, Any]


@dataclass(frozen=True)
class SourceError:
    source: str
    location: str
    message: str


Parsed = SourceRecord | SourceError


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[SourceError]]:
    """Files to import: the paths given, with folders walked for known extensions."""
    files: list[Path] = []
    errors: list[SourceError] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in EXTENSIONS)
            )
        elif path.is_file():
            files.append(path)
        else:
            errors.append(SourceError(str(path), "", _("No such file or folder.")))
    return files, errors


def _items(source: str, data: Any, locations: list[str]) -> Iterator[Parsed]:
    """Records from a parsed document: a list of templates, `{"templates": [...]}` or one."""
    if isinstance(data, dict) and isinstance(data.get("templates"), list):
        data = data["templates"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        yield SourceError(source, locations[0], _("Expected a template or a list of templates."))
        return
    for index, item in enumerate(data):
        location = locations[index] if index < len(locations) else f"item {index + 1}"
        if isinstance(item, dict):
            yield SourceRecord(source, location, item)
        else:
            yield SourceError(source, location, _("Each template must be an object."))


def read_json(source: str, text: str) -> Iterator[Parsed]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        yield SourceError(source, f"line {error.lineno}", f"Invalid JSON: {error.msg}.")
        return
    except _UNREADABLE as error:
        yield SourceError(source, "line ?", f"Invalid JSON: {_unreadable(error)}.")
        return
    inner = data.get("templates") if isinstance(data, dict) else data
    count = len(inner) if isinstance(inner, list) else 1
    yield from _items(source, data, [f"item {n}" for n in range(1, count + 1)])


def _node_lines(node: yaml.Node) -> list[str]:
    """The line each template of a YAML document starts on."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "templates" and isinstance(value, yaml.SequenceNode):
                node = value
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    return [f"line {item.start_mark.line + 1}" for item in items]


def _unreadable(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "it is nested too deeply"
    return str(error).split(";")[0]  # the integer-digits message goes on about sys.set_int_...


def _yaml_error(source: str, error: yaml.YAMLError, line_offset: int = 0) -> SourceError:
    mark = getattr(error, "problem_mark", None)
    line = f"line {mark.line + 1 + line_offset}" if mark else "line ?"
    problem = getattr(error, "problem", None) or str(error)
    return SourceError(source, line, f"Invalid YAML: {problem}.")


def read_yaml(source: str, text: str) -> Iterator[Parsed]:
    """Every document of the stream: a template, a list of them, or `templates: [...]`."""
    loader = _Loader(text)
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:  # (check_node has just said there is one)
                break
            yield from _items(source, loader.construct_document(node), _node_lines(node))
    except yaml.YAMLError as error:
        yield _yaml_error(source, error)
    except _UNREADABLE as error:
        yield SourceError(source, "line ?", f"Invalid YAML: {_unreadable(error)}.")
    finally:
        loader.dispose()


def _csv_record(row: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {
        key: restore_cell(value) if isinstance(value, str) else value
        for key, value in row.items()
        if value not in ("", None)
    }
    for key in _JSON_CELLS:
        if key in record:
            try:
                record[key] = json.loads(record[key])
            except json.JSONDecodeError as error:
                raise ValueError(f"The {key} cell is not valid JSON: {error.msg}.") from error
            except _UNREADABLE as error:
                message = f"The {key} cell is not valid JSON: {_unreadable(error)}."
                raise ValueError(message) from error
    if "archived" in record:
        record["archived"] = record["archived"].strip().lower() in ("true", "yes", "1")
    return record


def read_csv(source: str, text: str) -> Iterator[Parsed]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        if not reader.fieldnames:
            yield SourceError(source, "line 1", _("The file has no header row."))
            return
        start = reader.line_num + 1
        for row in reader:
            location = f"line {start}"
            start = reader.line_num + 1
            if None in row:  # DictReader puts surplus cells under the key None
                yield SourceError(source, location, _("The row has more cells than the header."))
                continue
            try:
                yield SourceRecord(source, location, _csv_record(row))
            except ValueError as error:
                yield SourceError(source, location, str(error))
    except csv.Error as error:
        yield SourceError(source, f"line {reader.line_num}", f"Invalid CSV: {error}.")


def read_markdown(source: str, text: str) -> Iterator[Parsed]:
    """One template: YAML front matter between `---` lines, then the body."""
    lines = text.splitlines(keepends=True)
    closing = next(
        (n for n, line in enumerate(lines[1:], 1) if line.rstrip("\r\n") == _FRONT_MATTER), None
    )
    if not lines or lines[0].rstrip("\r\n") != _FRONT_MATTER or closing is None:
        yield SourceError(source, "line 1", _("Expected front matter between two '---' lines."))
        return
    try:
        front = yaml.load("".join(lines[1:closing]), Loader=_Loader)
    except yaml.YAMLError as error:
        yield _yaml_error(source, error, line_offset=1)  # the front matter starts on line 2
        return
    except _UNREADABLE as error:
        yield SourceError(source, "line 2", f"Invalid YAML: {_unreadable(error)}.")
        return
    if not isinstance(front, dict):
        yield SourceError(source, "line 2", _("The front matter must be a mapping of fields."))
        return
    body = "".join(lines[closing + 1 :])
    yield SourceRecord(source, "line 1", {"slug": Path(source).stem, **front, "body": body})


READERS: dict[str, Callable[[str, str], Iterator[Parsed]]] = {
    "json": read_json,
    "yaml": read_yaml,
    "csv": read_csv,
    "markdown": read_markdown,
}


def read_source(source: str, content: bytes) -> Iterator[Parsed]:
    """Records from one file, its format told by its extension."""
    kind = EXTENSIONS.get(Path(source).suffix.lower())
    if kind is None:
        known = ", ".join(sorted(EXTENSIONS))
        yield SourceError(source, "", f"Unknown file type; use one of {known}.")
        return
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        yield SourceError(source, f"byte {error.start}", _("The file is not UTF-8 text."))
        return
    yield from READERS[kind](source, text)


# --- writing --------------------------------------------------------------------------------------
def _yaml_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # Multi-line prompts read best as literal blocks; the emitter falls back to quoting by itself
    # when a text cannot be a block (trailing spaces, control characters), so it still round-trips.
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


# Its base is chosen at import (libyaml's dumper when PyYAML was built with it): not a static type.
class _TemplateDumper(_Dumper):  # type: ignore[misc, valid-type]
    pass


_TemplateDumper.add_representer(str, _yaml_text)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_TemplateDumper, sort_keys=False, allow_unicode=True, width=100)


def dump_json(records: list[dict[str, Any]]) -> str:
    return json.dumps({"templates": records}, indent=2, ensure_ascii=False) + "\n"


def dump_csv(records: list[dict[str, Any]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv_writer(buffer)
    writer.writerow(RECORD_FIELDS)
    for record in records:
        row = {**record, "tags": ", ".join(record["tags"])}
        row["archived"] = "true" if record["archived"] else "false"
        for key in _JSON_CELLS:
            row[key] = json.dumps(record[key], ensure_ascii=False)
        writer.writerow(row.get(field) for field in RECORD_FIELDS)
    return buffer.getvalue()


def dump_markdown(record: dict[str, Any]) -> str:
    front = {key: value for key, value in record.items() if key != "body"}
    return f"{_FRONT_MATTER}\n{dump_yaml(front)}{_FRONT_MATTER}\n{record['body']}"


WRITERS: dict[str, Callable[[list[dict[str, Any]]], str]] = {
    "json": dump_json,
    "yaml": lambda records: dump_yaml({"templates": records}),
    "csv": dump_csv,
}
