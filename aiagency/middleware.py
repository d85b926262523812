"""Middleware of the project's own that belongs to no feature."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class SynchronousChain:
    """Last in `MIDDLEWARE`: keeps the whole middleware chain synchronous under ASGI.

    Django runs a middleware that supports both modes in the mode of the handler below it, and
    under ASGI the innermost handler (the one calling views) is async. Each of Django's own
    middlewares, run async, then hops between the event loop and a thread twice per request
    (`process_request` and `process_response` are synchronous): 18 hops for `/healthz`. Being
    synchronous only, this one makes Django adapt the handler below it once, so that every
    middleware above it runs in the request's thread: 6 hops in all, counting the request
    signals. It does nothing else, and nothing under WSGI.
    """

    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)
