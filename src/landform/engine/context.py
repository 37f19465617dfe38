"""What every engine operation needs: AWS access, state, the event stream, limits."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from landform.cloud.session import Sessions
from landform.engine.events import Reporter, silent
from landform.engine.limits import DEFAULT_CONCURRENCY
from landform.handlers.base import Api
from landform.state.base import StateStore


@dataclass
class Context:
    """One run's AWS sessions, state store, reporter and concurrency bound."""

    sessions: Sessions
    store: StateStore
    report: Reporter = silent
    concurrency: int = DEFAULT_CONCURRENCY
    wait: bool = True
    allow_account_close: bool = False
    """Whether deleting an AWS::Organizations::Account may close the account."""
    accounts_at_once: int | None = None
    """At most this many accounts have work in flight at once (None: no limit)."""
    _apis: dict[tuple[str, str], Api] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def api(self, account: str, region: str) -> Api:
        """The Api of one account and region for this run (its list calls are shared)."""
        with self._lock:
            api = self._apis.get((account, region))
            if api is None:
                api = Api(self.sessions.client, account, region)
                self._apis[(account, region)] = api
            return api

    def fresh_reads(self) -> None:
        """Forget remembered list calls, so the next refresh reads AWS again."""
        with self._lock:
            self._apis.clear()
