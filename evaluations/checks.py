"""Checks: each passes or fails one output, with a score from 0 to 1 and a reason.

Pure: no database, no network. `llm_judge` asks a `Judge` the caller supplies (the evaluation
service sends the rubric through a provider of the workspace); any other check needs only the
output and the row's reference.

A check is a dict: `{type, name?, ...}`, cleaned by `check_clean` when a dataset is saved:

- `contains` / `not_contains`: `values` (words or phrases), `case_sensitive` (false);
- `regex`: `pattern`, `ignore_case` (false). Run with the `regex` package's timeout
  (`REGEX_TIMEOUT_SECONDS`) on patterns of at most `MAX_PATTERN_LENGTH` characters: a pattern
  that backtracks catastrophically fails its row with a reason instead of holding a worker;
- `word_count` / `char_count`: `min` and/or `max`, both included;
- `json_schema`: `schema`; the output must parse as JSON and validate (jsonschema, Draft 2020-12).
  References resolve inside the schema only (an empty registry: jsonschema would otherwise fetch a
  remote `$ref`, a request to any address from the worker), and `pattern` /
  `patternProperties` are refused (Python's `re` has no timeout: use a `regex` check);
- `similarity`: `threshold` (0-1), rapidfuzz's normalised similarity to the row's `reference`;
- `llm_judge`: `rubric`, `threshold` (1-5, default 4), `provider?`, `model?`; the judge answers a
  score from 1 to 5 and a reason. An answer without a score fails the row, saying so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import jsonschema
import referencing
import referencing.exceptions
import regex
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from aiagency.errors import DomainError

MAX_CHECKS = 20
MAX_VALUES = 200
MAX_VALUE_LENGTH = 500
MAX_PATTERN_LENGTH = 500
MAX_RUBRIC_LENGTH = 4000
MAX_SCHEMA_BYTES = 20_000
REGEX_TIMEOUT_SECONDS = 0.25
JUDGE_MIN, JUDGE_MAX = 1, 5
TYPES = (
    "contains",
    "not_contains",
    "regex",
    "word_count",
    "char_count",
    "json_schema",
    "similarity",
    "llm_judge",
)

# The judge's prompt asks for this; an answer is read leniently ("Score: 4/5", "4 - because").
JUDGE_SCORE = re.compile(r"^\W*(?:score\W*)?([1-5])(?:\s*/\s*5)?\b\W*(.*)", re.I | re.S)
JUDGE_INSTRUCTIONS = (
    "You grade a text against a rubric. Answer with a score from 1 (poor) to 5 (excellent) "
    "on the first line, as `Score: N`, then one sentence of reason."
)

Judge = Callable[[Mapping[str, Any], str, str], str]  # (check, system prompt, prompt) -> answer


@dataclass(frozen=True)
class CheckResult:
    name: str
    type: str
    passed: bool
    score: float
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "passed": self.passed,
            "score": round(self.score, 4),
            "reason": self.reason,
        }


# --- cleaning -------------------------------------------------------------------------------------
def _refuse(index: int, key: str, message: str) -> DomainError:
    return DomainError(message, field=f"checks.{index}.{key}")


def _number(check: dict, index: int, key: str, low: float, high: float) -> float | None:
    value = check.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise _refuse(
            index,
            key,
            _("A number from %(low)s to %(high)s.") % {"low": f"{low:g}", "high": f"{high:g}"},
        )
    return value


def _text(check: dict, index: int, key: str, limit: int) -> str:
    value = check.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise _refuse(
            index, key, _("Required: a text of at most %(limit)d characters.") % {"limit": limit}
        )
    return value


def _clean_values(check: dict, index: int) -> None:
    values = check.get("values")
    if isinstance(values, str):
        values = [values]
    if (
        not isinstance(values, list)
        or not 1 <= len(values) <= MAX_VALUES
        or not all(isinstance(v, str) and v.strip() and len(v) <= MAX_VALUE_LENGTH for v in values)
    ):
        raise _refuse(
            index,
            "values",
            _("1 to %(max)d words or phrases of %(length)d characters.")
            % {"max": MAX_VALUES, "length": MAX_VALUE_LENGTH},
        )
    check["values"] = values
    check["case_sensitive"] = bool(check.get("case_sensitive", False))


def _clean_regex(check: dict, index: int) -> None:
    pattern = _text(check, index, "pattern", MAX_PATTERN_LENGTH)
    try:
        regex.compile(pattern)
    except regex.error as error:
        raise _refuse(
            index, "pattern", _("Not a valid pattern: %(error)s.") % {"error": error}
        ) from error
    check["ignore_case"] = bool(check.get("ignore_case", False))


def _clean_range(check: dict, index: int) -> None:
    low = _number(check, index, "min", 0, 10**7)
    high = _number(check, index, "max", 0, 10**7)
    if low is None and high is None:
        raise _refuse(index, "min", _("Give min, max or both."))
    if low is not None and high is not None and low > high:
        raise _refuse(index, "max", _("max must not be below min."))


UNBOUNDED_SCHEMA_KEYWORDS = ("pattern", "patternProperties")


def _keywords(schema: Any) -> Iterator[str]:
    """Every key of the schema, at any depth."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            yield key
            yield from _keywords(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _keywords(value)


def _clean_schema(check: dict, index: int) -> None:
    schema = check.get("schema")
    if not isinstance(schema, dict | bool) or len(json.dumps(schema)) > MAX_SCHEMA_BYTES:
        raise _refuse(
            index,
            "schema",
            _("A JSON Schema of at most %(bytes)d bytes.") % {"bytes": MAX_SCHEMA_BYTES},
        )
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as error:
        raise _refuse(
            index, "schema", _("Not a valid JSON Schema: %(error)s") % {"error": error.message}
        ) from error
    if unbounded := sorted(set(_keywords(schema)) & set(UNBOUNDED_SCHEMA_KEYWORDS)):
        raise _refuse(
            index,
            "schema",
            _("%(keywords)s cannot be bounded in time here: check text with a regex check instead.")
            % {"keywords": ", ".join(unbounded)},
        )


def _clean_similarity(check: dict, index: int) -> None:
    if _number(check, index, "threshold", 0, 1) is None:
        raise _refuse(index, "threshold", _("Required: a number from 0 to 1."))


def _clean_judge(check: dict, index: int) -> None:
    _text(check, index, "rubric", MAX_RUBRIC_LENGTH)
    check["threshold"] = _number(check, index, "threshold", JUDGE_MIN, JUDGE_MAX) or 4
    for key in ("provider", "model"):
        if check.get(key) is not None and not isinstance(check[key], str):
            raise _refuse(index, key, _("A name."))


_CLEANERS: dict[str, Callable[[dict, int], None]] = {
    "contains": _clean_values,
    "not_contains": _clean_values,
    "regex": _clean_regex,
    "word_count": _clean_range,
    "char_count": _clean_range,
    "json_schema": _clean_schema,
    "similarity": _clean_similarity,
    "llm_judge": _clean_judge,
}


def checks_clean(raw: Any) -> list[dict[str, Any]]:
    """Checks of known types and valid settings, each with a unique `name` (its type, numbered
    when repeated); errors name `checks.N.key`."""
    if not isinstance(raw, list) or len(raw) > MAX_CHECKS:
        raise DomainError(
            _("A list of at most %(max)d checks.") % {"max": MAX_CHECKS}, field="checks"
        )
    cleaned: list[dict[str, Any]] = []
    names: set[str] = set()
    for index, given in enumerate(raw):
        if not isinstance(given, dict) or given.get("type") not in TYPES:
            raise _refuse(
                index, "type", _("Choose one of: %(types)s.") % {"types": ", ".join(TYPES)}
            )
        check = dict(given)
        _CLEANERS[check["type"]](check, index)
        name = str(check.get("name") or check["type"])[:60]
        if name in names:
            name = f"{name}_{index + 1}"
        names.add(name)
        check["name"] = name
        cleaned.append(check)
    return cleaned


# --- running --------------------------------------------------------------------------------------
def _result(check: Mapping[str, Any], passed: bool, score: float, reason: str) -> CheckResult:
    return CheckResult(check["name"], check["type"], passed, score, reason)


def _found(check: Mapping[str, Any], output: str) -> list[str]:
    haystack = output if check["case_sensitive"] else output.casefold()
    return [
        value
        for value in check["values"]
        if (value if check["case_sensitive"] else value.casefold()) in haystack
    ]


def _contains(check: Mapping[str, Any], output: str, reference: str) -> CheckResult:
    found = _found(check, output)
    missing = [value for value in check["values"] if value not in found]
    score = len(found) / len(check["values"])
    reason = f"missing: {', '.join(missing)}" if missing else "every value found"
    return _result(check, not missing, score, reason)


def _not_contains(check: Mapping[str, Any], output: str, reference: str) -> CheckResult:
    found = _found(check, output)
    score = 1 - len(found) / len(check["values"])
    reason = f"found: {', '.join(found)}" if found else "none found"
    return _result(check, not found, score, reason)


def _regex(check: Mapping[str, Any], output: str, reference: str) -> CheckResult:
    flags = regex.IGNORECASE if check["ignore_case"] else 0
    try:
        match = regex.search(check["pattern"], output, flags, timeout=REGEX_TIMEOUT_SECONDS)
    except TimeoutError:
        return _result(
            check, False, 0.0, f"the pattern took over {REGEX_TIMEOUT_SECONDS} s: not checked"
        )
    if match is None:
        return _result(check, False, 0.0, "no match")
    return _result(check, True, 1.0, f"matched {match.group(0)[:80]!r}")


def _in_range(check: Mapping[str, Any], count: int, unit: str) -> CheckResult:
    low, high = check.get("min"), check.get("max")
    passed = (low is None or count >= low) and (high is None or count <= high)
    bounds = f"{low if low is not None else 0}-{high if high is not None else '…'}"
    return _result(check, passed, 1.0 if passed else 0.0, f"{count} {unit} (wanted {bounds})")


def _word_count(check: Mapping[str, Any], output: str, reference: str) -> CheckResult:
    return _in_range(check, len(output.split()), "words")


def _char_count(check: Mapping[str, Any], output: str, reference: str) -> CheckResult:
    return _in_range(check, len(output), "characters")


def _json_schema(check: Mapping[str, Any], output: str, reference: str) -> CheckResult:
    try:
        document = json.loads(output)
    except ValueError as error:
        return _result(check, False, 0.0, f"not JSON: {error}")
    validator = jsonschema.Draft202012Validator(check["schema"], registry=referencing.Registry())
    try:
        problem = jsonschema.exceptions.best_match(validator.iter_errors(document))
    except referencing.exceptions.Unresolvable as error:
        return _result(check, False, 0.0, f"the schema's reference cannot be resolved: {error}")
    if problem is not None:
        where = "/".join(map(str, problem.absolute_path)) or "(root)"
        return _result(check, False, 0.0, f"at {where}: {problem.message}"[:300])
    return _result(check, True, 1.0, "valid")


def _similarity(check: Mapping[str, Any], output: str, reference: str) -> CheckResult:
    if not reference:
        return _result(check, False, 0.0, "this row has no reference to compare with")
    score = fuzz.ratio(output, reference) / 100
    passed = score >= check["threshold"]
    return _result(check, passed, score, f"similarity {score:.2f} (wanted {check['threshold']})")


def judge_prompt(check: Mapping[str, Any], output: str, reference: str) -> str:
    parts = [f"Rubric:\n{check['rubric']}", f"Text to grade:\n{output}"]
    if reference:
        parts.append(f"A reference answer:\n{reference}")
    return "\n\n".join(parts)


def judge_answer(check: Mapping[str, Any], answer: str) -> CheckResult:
    """The judge's answer read as a score from 1 to 5 and a reason."""
    match = JUDGE_SCORE.match(answer.strip())
    if match is None:
        shown = " ".join(answer.split())[:120]
        return _result(check, False, 0.0, f"the judge answered no score from 1 to 5: {shown!r}")
    score = int(match.group(1))
    reason = " ".join(match.group(2).split())[:300] or "no reason given"
    passed = score >= check["threshold"]
    return _result(check, passed, score / JUDGE_MAX, f"{score}/5: {reason}")


def run_check(
    check: Mapping[str, Any], *, output: str, reference: str = "", judge: Judge | None = None
) -> CheckResult:
    if check["type"] == "llm_judge":
        if judge is None:
            return _result(check, False, 0.0, "no judge available")
        try:
            answer = judge(check, JUDGE_INSTRUCTIONS, judge_prompt(check, output, reference))
        except Exception as error:  # a failing judge fails its check, not the evaluation
            return _result(check, False, 0.0, f"the judge failed: {error}"[:300])
        return judge_answer(check, answer)
    return _RUNNERS[check["type"]](check, output, reference)


_RUNNERS: dict[str, Callable[[Mapping[str, Any], str, str], CheckResult]] = {
    "contains": _contains,
    "not_contains": _not_contains,
    "regex": _regex,
    "word_count": _word_count,
    "char_count": _char_count,
    "json_schema": _json_schema,
    "similarity": _similarity,
}


def run_checks(
    checks: list[Mapping[str, Any]], *, output: str, reference: str = "", judge: Judge | None = None
) -> list[CheckResult]:
    return [run_check(c, output=output, reference=reference, judge=judge) for c in checks]
