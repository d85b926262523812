"""The API's JSON parser: every JSON body goes through `aiagency.json_input`.

A body too deep, or holding NUL or an unpaired surrogate, answers 400 in the API's error shape,
naming the member (`fields: {"params.a": [...]}`) when the body parsed at all; DRF's own parser
let a thousand nested `[` raise `RecursionError` (a 500) and such texts fail at the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError

from aiagency.json_input import JSONInputError, parse_json


class JSONParser(parsers.JSONParser):
    def parse(
        self,
        stream: IO[bytes],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        # DRF's own helper, missing from the stubs.
        encoding = parsers.get_encoding(parser_context or {})  # type: ignore[attr-defined]
        try:
            return parse_json(stream.read().decode(encoding))
        except UnicodeDecodeError:
            raise ParseError(
                _("The body is not %(encoding)s text.") % {"encoding": encoding}
            ) from None
        except JSONInputError as error:
            if error.path:
                raise ValidationError({error.path: [error.message]}) from None
            raise ParseError(error.message) from None
