"""An answer's body as JSON: strict UTF-8, numbers as Decimal, no NaN or Infinity; anything else
is a FetchFailed that says so (a body cut short without a Content-Length ends up here)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from ihd.feeds.http import FetchFailed


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def load(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"), parse_float=Decimal, parse_constant=_no_constants)
    except UnicodeDecodeError:
        raise FetchFailed("the answer is not UTF-8 text", retry=False) from None
    except (ValueError, RecursionError):
        raise FetchFailed("the answer is not valid JSON (cut short, or not JSON at all)", retry=False) from None
