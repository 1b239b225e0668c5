"""Connectors to the public sources of labour-market figures: they fetch, parse into
`services.ObservationRow`s and leave the writing to `services.observations_load`.

Both use the standard library's urllib with a timeout. The request goes through an
`Opener` (a function from a request to the response body), so tests hand in a fake one
and never touch the network.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from raadsrum.core.errors import RaadsrumError, ValidationFailed

Opener = Callable[[urllib.request.Request, float], bytes]


class UpstreamFormatError(ValidationFailed):
    """The source answered in a form the connector does not know; `field` names what."""

    def __init__(self, source: str, field: str, message: str) -> None:
        super().__init__(
            _("%(source)s har ændret formatet (%(field)s): %(message)s")
            % {"source": source, "field": field, "message": message}
        )
        self.field = field


class SourceUnavailable(RaadsrumError):
    """No answer from the source (no network, DNS, timeout, refused) or an HTTP error."""


def urlopen_read(request: urllib.request.Request, timeout: float) -> bytes:
    """The real opener."""
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        body: bytes = response.read()
        return body


def fetch(request: urllib.request.Request, *, source: str, opener: Opener, timeout: float) -> bytes:
    """The response body, or SourceUnavailable with a plain Danish message."""
    host = urlsplit(request.full_url).netloc
    try:
        return opener(request, timeout)
    except urllib.error.HTTPError as error:
        detail = error.read()[:300].decode("utf-8", "replace").strip()
        raise SourceUnavailable(
            _("%(source)s (%(host)s) svarede med fejl %(code)s: %(detail)s. Intet er ændret.")
            % {"source": source, "host": host, "code": error.code, "detail": detail or error.reason}
        ) from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise SourceUnavailable(
            _("Ingen forbindelse til %(source)s (%(host)s): intet er ændret.")
            % {"source": source, "host": host}
        ) from error
