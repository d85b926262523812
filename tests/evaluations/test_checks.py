"""Every check type, passing and failing, and the cleaning of check settings."""

from __future__ import annotations

import time

import pytest

from aiagency.errors import DomainError
from evaluations.checks import REGEX_TIMEOUT_SECONDS, checks_clean, run_check, run_checks


def one(check: dict, output: str, reference: str = "", judge=None):
    return run_check(checks_clean([check])[0], output=output, reference=reference, judge=judge)


@pytest.mark.parametrize(
    ("check", "output", "passed"),
    [
        ({"type": "contains", "values": ["Teapot", "warm"]}, "A warm teapot.", True),
        ({"type": "contains", "values": ["teapot", "cold"]}, "A warm teapot.", False),
        ({"type": "contains", "values": ["Teapot"], "case_sensitive": True}, "a teapot", False),
        ({"type": "not_contains", "values": ["cheap", "best ever"]}, "A fine pot.", True),
        ({"type": "not_contains", "values": ["cheap"]}, "A CHEAP pot.", False),
        ({"type": "regex", "pattern": r"\d{2} words"}, "In 40 words.", True),
        ({"type": "regex", "pattern": r"^Title:", "ignore_case": True}, "title: x", True),
        ({"type": "regex", "pattern": r"^Title:"}, "No title", False),
        ({"type": "word_count", "min": 2, "max": 3}, "one two three", True),
        ({"type": "word_count", "max": 2}, "one two three", False),
        ({"type": "char_count", "min": 5}, "four", False),
        ({"type": "char_count", "min": 4, "max": 4}, "four", True),
        (
            {"type": "json_schema", "schema": {"type": "object", "required": ["a"]}},
            '{"a": 1}',
            True,
        ),
        (
            {"type": "json_schema", "schema": {"type": "object", "required": ["a"]}},
            '{"b": 1}',
            False,
        ),
        ({"type": "json_schema", "schema": {"type": "object"}}, "not json", False),
    ],
)
def test_each_check_passes_or_fails_with_a_reason(check: dict, output: str, passed: bool) -> None:
    result = one(check, output)
    assert result.passed is passed
    assert result.reason
    assert 0 <= result.score <= 1
    assert result.score == 1.0 if passed else result.score < 1


def test_contains_scores_the_share_found_and_names_what_is_missing() -> None:
    result = one({"type": "contains", "values": ["a", "b", "zz", "yy"]}, "a b")
    assert result.score == 0.5
    assert result.reason == "missing: zz, yy"


def test_similarity_to_the_reference_against_a_threshold() -> None:
    check = {"type": "similarity", "threshold": 0.8}
    assert one(check, "A warm teapot.", reference="A warm teapot!").passed
    far = one(check, "Something else entirely", reference="A warm teapot.")
    assert not far.passed and far.score < 0.8
    missing = one(check, "text", reference="")
    assert not missing.passed and "no reference" in missing.reason


def test_a_catastrophic_pattern_fails_its_row_within_the_timeout() -> None:
    started = time.monotonic()
    result = one({"type": "regex", "pattern": r"(a|aa)+$"}, "a" * 5000 + "!")
    assert not result.passed
    assert "took over" in result.reason
    assert time.monotonic() - started < REGEX_TIMEOUT_SECONDS * 20  # bounded, not minutes


def test_the_judge_scores_from_1_to_5_against_a_threshold() -> None:
    asked = []

    def judge(check, system_prompt, prompt):
        asked.append(prompt)
        return "Score: 4/5\nClear and on brief."

    check = {"type": "llm_judge", "rubric": "Is it on brief?", "threshold": 4}
    result = one(check, "The text.", reference="Ref.", judge=judge)
    assert (result.passed, result.score) == (True, 0.8)
    assert result.reason == "4/5: Clear and on brief."
    assert "Is it on brief?" in asked[0] and "The text." in asked[0] and "Ref." in asked[0]
    strict = one({**check, "threshold": 5}, "The text.", judge=judge)
    assert not strict.passed


def test_a_judge_answer_without_a_number_fails_with_a_reason() -> None:
    result = one(
        {"type": "llm_judge", "rubric": "r"}, "text", judge=lambda *_: "Looks great to me!"
    )
    assert not result.passed
    assert "no score" in result.reason and "Looks great" in result.reason


def test_a_failing_judge_fails_its_check_and_the_others_still_run() -> None:
    def broken(*_):
        raise RuntimeError("provider down")

    checks = checks_clean(
        [{"type": "llm_judge", "rubric": "r"}, {"type": "contains", "values": ["text"]}]
    )
    results = run_checks(checks, output="text", judge=broken)
    assert [r.passed for r in results] == [False, True]
    assert "provider down" in results[0].reason


@pytest.mark.parametrize(
    ("checks", "field"),
    [
        ([{"type": "nope"}], "checks.0.type"),
        ([{"type": "contains", "values": []}], "checks.0.values"),
        ([{"type": "regex", "pattern": "("}], "checks.0.pattern"),
        ([{"type": "regex", "pattern": "a" * 501}], "checks.0.pattern"),
        ([{"type": "word_count"}], "checks.0.min"),
        ([{"type": "word_count", "min": 5, "max": 1}], "checks.0.max"),
        ([{"type": "json_schema", "schema": {"type": 5}}], "checks.0.schema"),
        (
            [{"type": "json_schema", "schema": {"properties": {"a": {"pattern": "(a|aa)+$"}}}}],
            "checks.0.schema",
        ),
        ([{"type": "similarity"}], "checks.0.threshold"),
        ([{"type": "similarity", "threshold": 2}], "checks.0.threshold"),
        ([{"type": "llm_judge"}], "checks.0.rubric"),
        ([{"type": "llm_judge", "rubric": "r", "threshold": 9}], "checks.0.threshold"),
        ([{"type": "char_count", "min": 1}] * 21, "checks"),
    ],
)
def test_bad_settings_are_refused_naming_the_key(checks: list, field: str) -> None:
    with pytest.raises(DomainError) as refused:
        checks_clean(checks)
    assert field in refused.value.errors


def test_names_default_to_the_type_and_stay_unique() -> None:
    cleaned = checks_clean([{"type": "char_count", "min": 1}, {"type": "char_count", "max": 9}])
    assert [check["name"] for check in cleaned] == ["char_count", "char_count_2"]


def test_a_remote_schema_reference_is_never_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("a remote $ref was fetched")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    check = {"type": "json_schema", "schema": {"$ref": "http://169.254.169.254/latest/x.json"}}
    result = one(check, '{"a": 1}')
    assert not result.passed
    assert "cannot be resolved" in result.reason
