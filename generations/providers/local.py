"""The offline provider: a deterministic draft built from the prompt, with no model behind it.

It lets the demo, development machines and the test suite run end to end without network or
keys. Its label says "offline draft" wherever it shows, so nobody mistakes it for a model.

The draft is a title taken from the prompt's first line, then a few short paragraphs that
weave in the prompt's key phrases. The same model, prompt, system prompt and params always give
the same text, and any other prompt, system prompt or sampling param gives a different one;
`max_tokens` and `stop` only cut the same draft short, as they would a real model's answer.
Token counts use `estimate_tokens` (one token per four characters) for both the prompt and the
draft, and `max_tokens` cuts at a word boundary so that estimate never exceeds it.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import ClassVar

from generations.providers import params as specs
from generations.providers.base import (
    FINISH_LENGTH,
    FINISH_STOP,
    GenerationParams,
    GenerationRequest,
    GenerationResult,
    Provider,
    StreamEnd,
    StreamEvent,
    TextDelta,
    estimate_tokens,
    prompt_text,
)
from generations.providers.params import ParamSpec

DEFAULT_MODEL = "local-draft"

_TITLE_LIMIT = 80
_KEYWORD_LIMIT = 8
_LIMIT_PARAMS = frozenset({"max_tokens", "stop"})
_WORD = re.compile(r"[^\W\d_][\w'-]*")
_STREAM_CHUNK = re.compile(r"\S+\s*")
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\"\n]+")
_INSTRUCTION = re.compile(
    r"^(?:please\s+)?(?:write|draft|create|generate|compose|produce|prepare)\b.{0,40}?"
    r"\b(?:about|on|for|covering|regarding)\s+",
    re.IGNORECASE,
)

# Function words, and words that say what to write rather than what about: poor subjects.
# One string rather than a list literal, so the formatter keeps it readable as a block.
_STOPWORDS = frozenset(
    (  # noqa: SIM905
        "about above after again against also among and another any are around because been "
        "before being below between both but can could did does doing down during each either "
        "every few for from further had has have having her here hers herself him himself his "
        "how into its itself just like many more most much must myself need only other our ours "
        "ourselves out over own please same shall she should some such than that the their "
        "theirs them themselves then there these they this those through too under until upon "
        "very was were what when where which while who whom why will with within without would "
        "you your yours yourself yourselves give take tell show explain describe create draft "
        "generate write compose produce prepare using used use onto make made well want wants "
        "short brief long words word blog post posts article essay email paragraph paragraphs "
        "tweet summary outline list piece text content copy include including mention focus "
        "tone style keep sure"
    ).split()
)

# Generic subjects fill in when a prompt has too few key words of its own.
_FALLBACK_KEYWORDS = ("the topic", "the audience", "the main idea")

_OPENINGS = (
    "This draft looks at {a} and why it matters for anyone dealing with {b}.",
    "{A} is easier to understand once you see how it connects to {b}.",
    "Few subjects reward a closer look as much as {a}, especially where {b} is concerned.",
    "Any useful discussion of {a} has to start from what people already know about {b}.",
)
_BODY = (
    "Start with {a}: it frames everything else, from {b} to {c}.",
    "A practical approach is to treat {a} and {b} together rather than one at a time.",
    "The details of {a} are where most of the value lies, so it pays to be specific.",
    "When {a} goes wrong, the cause is usually an overlooked aspect of {b}.",
    "Concrete examples of {a} help readers connect the idea to their own experience of {b}.",
    "It is worth separating what is known about {a} from what is still assumed about {c}.",
    "Seen from the side of {b}, {a} looks less like a cost and more like an opportunity.",
    "A short checklist covering {a}, {b} and {c} keeps the work focused.",
    "The strongest argument for {a} is the difference it makes to {b} over time.",
)
_CLOSINGS = (
    "In short, {a} deserves attention because it shapes {b} in lasting ways.",
    "The next step is to decide which part of {a} to act on first.",
    "Taken together, {a}, {b} and {c} point to a clear, practical direction.",
    "Handled with care, {a} becomes a strength rather than a worry.",
)


class LocalProvider(Provider):
    name = "local"
    label = "Local (offline draft)"
    is_offline = True
    requires_api_key = False
    # Every key a hosted provider takes, so a template meant for one drafts offline unchanged;
    # only max_tokens and stop change the draft, the others vary its seed.
    param_specs: ClassVar[Mapping[str, ParamSpec]] = {
        "temperature": specs.TEMPERATURE,
        "top_p": specs.TOP_P,
        "top_k": specs.TOP_K,
        "max_tokens": specs.MAX_TOKENS,
        "stop": specs.StopParam(max_items=16),
        "seed": specs.SEED,
        "presence_penalty": specs.PENALTY,
        "frequency_penalty": specs.PENALTY,
    }

    def generate(self, request: GenerationRequest) -> GenerationResult:
        params = self._params(request)
        text, finish_reason = _limit(_draft(request), params)
        return GenerationResult(
            text=text,
            finish_reason=finish_reason,
            input_tokens=estimate_tokens(prompt_text(request)),
            output_tokens=estimate_tokens(text),
            model=request.model or DEFAULT_MODEL,
        )

    def stream(self, request: GenerationRequest) -> Iterator[StreamEvent]:
        result = self.generate(request)
        # Word by word, each word carrying its trailing whitespace, so the chunks join back
        # into exactly `result.text`.
        for chunk in _STREAM_CHUNK.findall(result.text):
            yield TextDelta(chunk)
        yield StreamEnd(result)


def _draft(request: GenerationRequest) -> str:
    rng = random.Random(_seed(request))
    keywords = _keywords(request.prompt)
    paragraphs = [
        _paragraph(rng, keywords, _OPENINGS, 2),
        _paragraph(rng, keywords, _BODY, 3),
        _paragraph(rng, keywords, _BODY, 3),
        _paragraph(rng, keywords, _CLOSINGS, 2),
    ]
    return "\n\n".join([_title(request.prompt), *paragraphs])


def _seed(request: GenerationRequest) -> int:
    # Length limits stay out of the seed so that, as with a real model, a shorter limit gives
    # a prefix of the same draft rather than a different one.
    params = {k: v for k, v in request.params.items() if k not in _LIMIT_PARAMS}
    material = json.dumps(
        [request.model, request.system_prompt, request.prompt, params],
        sort_keys=True,
        default=str,
    )
    return int.from_bytes(hashlib.sha256(material.encode()).digest()[:8], "big")


def _title(prompt: str) -> str:
    first_line = next((line for line in prompt.splitlines() if line.strip()), "")
    title = " ".join(first_line.split())
    # "Write a blog post about X" is titled "X".
    title = _INSTRUCTION.sub("", title, count=1) or title
    title = title.rstrip(".:;,!?")
    if len(title) > _TITLE_LIMIT:
        title = title[:_TITLE_LIMIT].rsplit(" ", 1)[0] + "…"
    return title[:1].upper() + title[1:] if title else "Untitled draft"


def _keywords(prompt: str) -> list[str]:
    """The prompt's key phrases: runs of up to three content words, most frequent first,
    ties broken by first appearance; padded with generic subjects to at least three."""
    phrases: list[str] = []
    for clause in _CLAUSE_BREAK.split(prompt):
        run: list[str] = []
        for position, word in enumerate(_WORD.findall(clause)):
            if len(word) < 3 or word.lower() in _STOPWORDS or len(run) == 3:
                phrases.extend([" ".join(run)] if run else [])
                run = []
            if len(word) >= 3 and word.lower() not in _STOPWORDS:
                run.append(_display(word, clause_start=position == 0))
        phrases.extend([" ".join(run)] if run else [])
    counts = Counter(phrases)
    first_seen = {phrase: index for index, phrase in reversed(list(enumerate(phrases)))}
    ranked = sorted(counts, key=lambda phrase: (-counts[phrase], first_seen[phrase]))
    keywords = ranked[:_KEYWORD_LIMIT]
    padding = [subject for subject in _FALLBACK_KEYWORDS if subject not in keywords]
    return keywords + padding[: max(0, 3 - len(keywords))]


def _display(word: str, *, clause_start: bool) -> str:
    # Keep acronyms ("SEO"), odd casing ("iPhone") and mid-sentence names ("Brazil") as
    # written; a capital at the start of a clause is just grammar.
    if not (word.islower() or word.istitle()) or (word.istitle() and not clause_start):
        return word
    return word.lower()


def _paragraph(
    rng: random.Random, keywords: list[str], templates: tuple[str, ...], sentences: int
) -> str:
    chosen = rng.sample(templates, sentences)
    return " ".join(_sentence(rng, keywords, template) for template in chosen)


def _sentence(rng: random.Random, keywords: list[str], template: str) -> str:
    a, b, c = rng.sample(keywords, 3)
    return template.format(a=a, b=b, c=c, A=a[:1].upper() + a[1:])


def _limit(text: str, params: GenerationParams) -> tuple[str, str]:
    """Apply stop sequences, then `max_tokens`, the way a model's decoding would."""
    cut = min((text.find(stop) for stop in params.stop if stop in text), default=-1)
    if cut >= 0:
        return text[:cut], FINISH_STOP
    if params.max_tokens is None or estimate_tokens(text) <= params.max_tokens:
        return text, FINISH_STOP
    budget = max(0, params.max_tokens) * 4
    shortened = text[:budget]
    if not text[budget : budget + 1].isspace():
        # Drop the word the budget cut through, unless it is the only one.
        words = shortened.rsplit(None, 1)
        shortened = words[0] if len(words) > 1 else shortened
    return shortened.rstrip(), FINISH_LENGTH
