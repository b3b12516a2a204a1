"""Asking HTTP services that may be busy, slow or gone: which failures are worth asking again, and
how long to wait before doing so.

Wikidata's query service and a remote store fail in the same ways (timeouts, dropped connections,
HTTP 429 and 5xx), so both ask through `patiently`: it repeats those failures with a doubling wait
(or the wait a Retry-After header names) and turns everything else into one KgError line.
"""

from __future__ import annotations

import email.utils
import http.client
import time
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TypeVar

from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, SPARQLWrapperException

from kg import __version__
from kg.errors import KgError

USER_AGENT = f"dipkg/{__version__} (https://w3id.org/dipkg; diplomatic-relations knowledge graph)"
DEFAULT_TIMEOUT = 30
DEFAULT_TRIES = 4
DEFAULT_BACKOFF = 1.0
#: The longest wait a Retry-After header may impose; a longer one is cut to this.
MAX_RETRY_AFTER = 60.0

T = TypeVar("T")


@dataclass(frozen=True)
class Patience:
    """How long to wait for one answer, how often to ask, and the first wait between asks (doubled each time)."""

    timeout: float = DEFAULT_TIMEOUT
    tries: int = DEFAULT_TRIES
    backoff: float = DEFAULT_BACKOFF


class Retry(Exception):
    """A failure that may pass if asked again, with the wait the server asked for, if any."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


def patiently(ask: Callable[[], T], patience: Patience, service: str) -> T:
    """ask() until it answers, at most `patience.tries` times; `service` names the server in errors
    ("Wikidata endpoint https://...")."""
    attempt = 1
    while True:
        try:
            return ask()
        except (OSError, http.client.HTTPException, SPARQLWrapperException, Retry) as error:
            problem = _problem(error, service, patience.timeout)
            if not isinstance(problem, Retry):
                raise problem from None
            if attempt >= patience.tries:
                raise KgError(f"{service}: {problem.reason}, after {patience.tries} tries") from None
            delay = patience.backoff * 2 ** (attempt - 1)
            time.sleep(min(MAX_RETRY_AFTER, max(delay, problem.wait or 0.0)))
            attempt += 1


def _problem(error: BaseException, service: str, timeout: float) -> Exception:
    """A failure worth repeating as Retry; any other as the KgError to stop with."""
    if isinstance(error, Retry):
        return error
    if isinstance(error, urllib.error.HTTPError):
        return http_problem(error.code, str(error.reason), error.headers.get("Retry-After") if error.headers else None,
                            service)
    if isinstance(error, EndPointInternalError):
        return Retry("HTTP 500 (server error)")
    if isinstance(error, SPARQLWrapperException):
        return KgError(f"{service} refused the request: {str(error).splitlines()[0]}")
    if isinstance(error, TimeoutError) or (isinstance(error, urllib.error.URLError)
                                           and isinstance(error.reason, TimeoutError)):
        return Retry(f"no answer within {timeout:g} s")
    if isinstance(error, urllib.error.URLError):
        return Retry(f"cannot reach it ({error.reason})")
    return Retry(f"the connection failed ({error or type(error).__name__})")


def http_problem(status: int, reason: str, retry_after: str | None, service: str) -> Exception:
    """A busy or failing server is asked again; any other status is the final answer."""
    if status == 429 or status >= 500:
        return Retry(f"HTTP {status} ({reason})", _retry_after(retry_after))
    return KgError(f"{service} answered HTTP {status} ({reason})")


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
