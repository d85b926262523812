"""Credentials in URLs (`https://user:password@host/`) never leave in clear: not in log lines
(httpx logs every request's URL at INFO), nor in answers that show a stored URL.

`RedactUrlCredentialsFilter` sits on the console handler, so every line is covered, whoever
wrote it; base URLs carrying credentials are refused when saved, this is for what got through
before, and for anything else that logs a URL.
"""

from __future__ import annotations

import logging
import re

REDACTED = "***"
# A URL's user information: between "scheme://" and "@", without a "/" (which would end the host).
_USERINFO = re.compile(r"(?P<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/\s@]+@")


def redact_url_credentials(text: str) -> str:
    return _USERINFO.sub(rf"\g<scheme>{REDACTED}@", text)


class RedactUrlCredentialsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_url_credentials(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
