"""The offline provider: a deterministic draft built from the prompt, with no model behind it.

It lets the demo, development machines and the test suite run end to end without network or
keys. Its label says "offline draft" wherever it shows, so nobody mistakes it for a model.

The draft is a title taken from the prompt's first line, then a few short paragraphs that
weave in the prompt's key phrases, in the template's language (English or Portuguese; any other
language drafts in English). The same model, prompt, system prompt and params always give
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
from dataclasses import dataclass
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


@dataclass(frozen=True)
class _Language:
    """What the draft is written with in one language."""

    # "Write a blog post about X" is titled "X".
    instruction: re.Pattern[str]
    # Function words, and words that say what to write rather than what about: poor subjects.
    stopwords: frozenset[str]
    # Generic subjects fill in when a prompt has too few key words of its own.
    fallback_keywords: tuple[str, ...]
    openings: tuple[str, ...]
    body: tuple[str, ...]
    closings: tuple[str, ...]
    untitled: str


# One string rather than a list literal, so the formatter keeps each word list readable as a block.
_ENGLISH = _Language(
    instruction=re.compile(
        r"^(?:please\s+)?(?:write|draft|create|generate|compose|produce|prepare)\b.{0,40}?"
        r"\b(?:about|on|for|covering|regarding)\s+",
        re.IGNORECASE,
    ),
    stopwords=frozenset(
        (  # noqa: SIM905
            "about above after again against also among and another any are around because been "
            "before being below between both but can could did does doing down during each either "
            "every few for from further had has have having her here hers herself him himself his "
            "how into its itself just like many more most much must myself need only other our "
            "ours ourselves out over own please same shall she should some such than that the "
            "their theirs them themselves then there these they this those through too under "
            "until upon very was were what when where which while who whom why will with within "
            "without would you your yours yourself yourselves give take tell show explain describe "
            "create draft generate write compose produce prepare using used use onto make made "
            "well want wants short brief long words word blog post posts article essay email "
            "paragraph paragraphs tweet summary outline list piece text content copy include "
            "including mention focus tone style keep sure"
        ).split()
    ),
    fallback_keywords=("the topic", "the audience", "the main idea"),
    openings=(
        "This draft looks at {a} and why it matters for anyone dealing with {b}.",
        "{A} is easier to understand once you see how it connects to {b}.",
        "Few subjects reward a closer look as much as {a}, especially where {b} is concerned.",
        "Any useful discussion of {a} has to start from what people already know about {b}.",
    ),
    body=(
        "Start with {a}: it frames everything else, from {b} to {c}.",
        "A practical approach is to treat {a} and {b} together rather than one at a time.",
        "The details of {a} are where most of the value lies, so it pays to be specific.",
        "When {a} goes wrong, the cause is usually an overlooked aspect of {b}.",
        "Concrete examples of {a} help readers connect the idea to their own experience of {b}.",
        "It is worth separating what is known about {a} from what is still assumed about {c}.",
        "Seen from the side of {b}, {a} looks less like a cost and more like an opportunity.",
        "A short checklist covering {a}, {b} and {c} keeps the work focused.",
        "The strongest argument for {a} is the difference it makes to {b} over time.",
    ),
    closings=(
        "In short, {a} deserves attention because it shapes {b} in lasting ways.",
        "The next step is to decide which part of {a} to act on first.",
        "Taken together, {a}, {b} and {c} point to a clear, practical direction.",
        "Handled with care, {a} becomes a strength rather than a worry.",
    ),
    untitled="Untitled draft",
)

_PORTUGUESE = _Language(
    instruction=re.compile(
        r"^(?:por\s+favor,?\s+)?(?:escreva|redija|crie|gere|elabore|prepare|produza|faça)\b"
        r".{0,40}?\b(?:sobre|a\s+respeito\s+de|acerca\s+de)\s+",
        re.IGNORECASE,
    ),
    stopwords=frozenset(
        (  # noqa: SIM905
            "sobre para com sem por pelo pela pelos pelas entre até após ante desde durante "
            "mediante perante contra que qual quais quando onde como porque porquê quem cujo "
            "cuja uma umas uns dos das nos nas num numa aos àquele àquela este esta estes estas "
            "esse essa esses essas aquele aquela aqueles aquelas isto isso aquilo seu sua seus "
            "suas meu minha meus minhas nosso nossa nossos nossas dele dela deles delas ele ela "
            "eles elas você vocês lhe lhes mais menos muito muita muitos muitas pouco pouca "
            "também já ainda apenas só cada todo toda todos todas outro outra outros outras "
            "mesmo mesma ser estar ter haver são está estão era foram será seria pode podem deve "
            "devem tem têm há não sim nem mas porém então assim bem tão tanto qualquer algum "
            "alguma alguns algumas escreva redija crie gere elabore prepare produza faça inclua "
            "use usando mencione destaque explique descreva mostre texto post posts artigo "
            "parágrafo parágrafos mensagem conteúdo tom estilo palavras palavra curto curta "
            "breve longo longa resumo lista blog legenda roteiro"
        ).split()
    ),
    fallback_keywords=("o tema", "o público", "a ideia principal"),
    openings=(
        "Este rascunho trata de {a} e de por que isso importa para quem lida com {b}.",
        "Fica mais fácil entender {a} quando se vê a ligação com {b}.",
        "Poucos assuntos merecem um olhar mais atento quanto {a}, principalmente quando se "
        "fala de {b}.",
        "Qualquer conversa útil sobre {a} começa pelo que as pessoas já sabem sobre {b}.",
    ),
    body=(
        "Comece por {a}: é o que dá contexto a todo o resto, de {b} a {c}.",
        "Na prática, vale tratar {a} e {b} juntos, e não um de cada vez.",
        "É nos detalhes de {a} que está a maior parte do valor, então vale ser específico.",
        "Quando {a} dá errado, a causa costuma ser algum aspecto esquecido de {b}.",
        "Exemplos concretos de {a} ajudam o leitor a ligar a ideia à própria experiência com {b}.",
        "Vale separar o que se sabe sobre {a} do que ainda se supõe sobre {c}.",
        "Visto pelo lado de {b}, {a} parece menos um custo e mais uma oportunidade.",
        "Um checklist curto com {a}, {b} e {c} mantém o trabalho no foco.",
        "O melhor argumento a favor de {a} é a diferença que faz para {b} com o tempo.",
    ),
    closings=(
        "Em resumo, {a} merece atenção porque molda {b} de forma duradoura.",
        "O próximo passo é decidir por qual parte de {a} começar.",
        "Juntos, {a}, {b} e {c} apontam para um caminho claro e prático.",
        "Com cuidado, {a} deixa de ser uma preocupação e vira um ponto forte.",
    ),
    untitled="Rascunho sem título",
)

# By the primary subtag of the template's language (BCP 47): "pt-BR" and "pt" write Portuguese.
# Any other language drafts in English, as the provider's docstring says.
_LANGUAGES = {"en": _ENGLISH, "pt": _PORTUGUESE}


def _language(tag: str) -> _Language:
    return _LANGUAGES.get(tag.split("-", 1)[0].lower(), _ENGLISH)


class LocalProvider(Provider):
    name = "local"
    label = "Local (offline draft)"
    is_offline = True
    requires_api_key = False
    # Every key a hosted provider takes, so a template meant for one drafts offline unchanged;
    # only max_tokens and stop change the draft, the others vary its seed.
    param_specs: ClassVar[Mapping[str, ParamSpec]] = {
        **specs.SAMPLING,
        "top_k": specs.TOP_K,
        "stop": specs.StopParam(max_items=16),
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
    language = _language(request.language)
    keywords = _keywords(request.prompt, language)
    paragraphs = [
        _paragraph(rng, keywords, language.openings, 2),
        _paragraph(rng, keywords, language.body, 3),
        _paragraph(rng, keywords, language.body, 3),
        _paragraph(rng, keywords, language.closings, 2),
    ]
    return "\n\n".join([_title(request.prompt, language), *paragraphs])


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


def _title(prompt: str, language: _Language) -> str:
    first_line = next((line for line in prompt.splitlines() if line.strip()), "")
    title = " ".join(first_line.split())
    # "Write a blog post about X" is titled "X".
    title = language.instruction.sub("", title, count=1) or title
    title = title.rstrip(".:;,!?")
    if len(title) > _TITLE_LIMIT:
        title = title[:_TITLE_LIMIT].rsplit(" ", 1)[0] + "…"
    return title[:1].upper() + title[1:] if title else language.untitled


def _keywords(prompt: str, language: _Language) -> list[str]:
    """The prompt's key phrases: runs of up to three content words, most frequent first,
    ties broken by first appearance; padded with generic subjects to at least three."""
    phrases: list[str] = []
    for clause in _CLAUSE_BREAK.split(prompt):
        run: list[str] = []
        for position, word in enumerate(_WORD.findall(clause)):
            if len(word) < 3 or word.lower() in language.stopwords or len(run) == 3:
                phrases.extend([" ".join(run)] if run else [])
                run = []
            if len(word) >= 3 and word.lower() not in language.stopwords:
                run.append(_display(word, clause_start=position == 0))
        phrases.extend([" ".join(run)] if run else [])
    counts = Counter(phrases)
    first_seen = {phrase: index for index, phrase in reversed(list(enumerate(phrases)))}
    ranked = sorted(counts, key=lambda phrase: (-counts[phrase], first_seen[phrase]))
    keywords = ranked[:_KEYWORD_LIMIT]
    padding = [subject for subject in language.fallback_keywords if subject not in keywords]
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
