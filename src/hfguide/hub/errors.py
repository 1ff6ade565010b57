"""The errors of the Hub side, one for each thing a caller can do something about.

``huggingface_hub`` is not imported here: the CLI catches these errors before it knows whether
``HF_ENDPOINT`` is usable, and ``huggingface_hub`` reads that setting when it is imported.
"""

from __future__ import annotations


class HubError(RuntimeError):
    """The Hub could not answer a query, after every retry."""


class HubOffline(HubError):
    """``HF_HUB_OFFLINE`` is set, so no request may be sent."""


class HubNotFound(HubError):
    """The Hub answered 404: no such repository or file."""


class HubAccessDenied(HubError):
    """The Hub answered 401 or 403: the repository is gated or private, and the token (if any)
    does not grant access."""


class HubRefused(HubError):
    """An answer broke a bound (size, deadline): asking again will not help."""


class RetryableResponse(Exception):
    """An answer worth another try (429, 5xx, broken bodies).

    Deliberately *not* an ``httpx2`` error, so ``huggingface_hub``'s own backoff loop lets it
    through and ``hfguide.hub.client.HubClient`` alone decides how often and how long
    to retry.
    """

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after
