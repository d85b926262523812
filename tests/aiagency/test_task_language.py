"""A task speaks the language of the request that sent it (aiagency.celery's signal handlers)."""

from django.utils import translation
from django.utils.translation import gettext

from aiagency.celery import carry_language, ping, speak_sender_language, stop_speaking

MESSAGE = "This template has no version yet."


def run_as_worker(headers: dict[str, str]) -> str:
    """What a worker writes for `MESSAGE` when it runs a task sent with these headers."""
    ping.push_request(**headers)
    try:
        speak_sender_language(task=ping)
        return gettext(MESSAGE)
    finally:
        stop_speaking()
        ping.pop_request()


def test_a_task_sent_in_portuguese_writes_portuguese() -> None:
    headers: dict[str, str] = {}
    with translation.override("pt-br"):
        carry_language(headers=headers)
    assert headers == {"language": "pt-br"}
    assert run_as_worker(headers) == "Este template ainda não tem nenhuma versão."


def test_a_task_sent_without_a_language_writes_the_default_one() -> None:
    assert run_as_worker({}) == MESSAGE


def test_a_header_already_set_is_kept() -> None:
    headers = {"language": "en"}
    with translation.override("pt-br"):
        carry_language(headers=headers)
    assert headers == {"language": "en"}
