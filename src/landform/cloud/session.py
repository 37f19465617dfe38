"""boto3 clients per (service, account, region), built once and shared by threads."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from landform.errors import LandformError
from landform.model.accounts import DEFAULT_ROLE

ClientHook = Callable[[Any, str, str], None]
"""Called with each new client, its account and region (to register event handlers)."""

LOCAL_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@dataclass
class CloudConfig:
    """How to reach AWS: endpoint (the emulator), retries, pool size, member-account role."""

    endpoint_url: str | None = None
    local: bool = False
    retry_mode: str = "standard"
    max_attempts: int = 10
    max_pool_connections: int = 32
    role_name: str = DEFAULT_ROLE
    default_region: str | None = None
    hooks: list[ClientHook] = field(default_factory=list)


class Sessions:
    """Clients for every (service, account, region), using boto3's credential chain.

    The caller's own account uses the chain as is (env vars, AWS_PROFILE, SSO); any other
    account is reached with sts:AssumeRole into the role `roles` names for it, by default
    `config.role_name`.
    """

    def __init__(self, config: CloudConfig) -> None:
        import boto3

        self.config = config
        credentials = LOCAL_CREDENTIALS if config.local else {}
        self._base = _session_or_explain(lambda: boto3.session.Session(**credentials))
        if not config.local:
            _require_credentials(self._base)
        self.roles: dict[str, str] = {}
        """The role to assume per account id, where it is not `config.role_name`."""
        self._sessions: dict[tuple[str, str], Any] = {}
        self._clients: dict[tuple[str, str | None, str, str | None], Any] = {}
        self._caller: str | None = None
        self._lock = threading.RLock()

    def _botocore_config(self) -> Any:
        from botocore.config import Config

        return Config(
            retries={"mode": self.config.retry_mode, "max_attempts": self.config.max_attempts},
            max_pool_connections=self.config.max_pool_connections,
        )

    def caller_account(self) -> str:
        """The account the credential chain's identity belongs to (one sts call, cached)."""
        with self._lock:
            if self._caller is None:
                sts = self._new_client(self._base, "sts", self.default_region(), None)
                self._caller = str(sts.get_caller_identity()["Account"])
            return self._caller

    def default_region(self) -> str:
        region = self.config.default_region or self._base.region_name
        return str(region or "us-east-1")

    def client(
        self, service: str, account: str | None, region: str, role: str | None = None
    ) -> Any:
        """A client for `service` in `account` (None: the caller's) and `region`; another
        account is reached through `role` there, by default the one `roles` names for it."""
        key = (service, account, region, role)
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                session = self._session_for(account, role)
                client = self._new_client(session, service, region, account)
                self._clients[key] = client
            return client

    def _session_for(self, account: str | None, role: str | None) -> Any:
        if account is None or account == self.caller_account():
            return self._base
        role = role or self.roles.get(account, self.config.role_name)
        session = self._sessions.get((account, role))
        if session is None:
            session = self._assume(account, role)
            self._sessions[(account, role)] = session
        return session

    def _assume(self, account: str, role: str) -> Any:
        """A session in `account` whose credentials botocore refreshes before expiry."""
        import boto3
        from botocore.credentials import DeferredRefreshableCredentials
        from botocore.exceptions import ClientError

        role_arn = f"arn:aws:iam::{account}:role/{role}"
        sts = self._new_client(self._base, "sts", self.default_region(), None)

        def fetch() -> dict[str, str]:
            try:
                creds = sts.assume_role(RoleArn=role_arn, RoleSessionName="landform")
            except ClientError as error:
                raise LandformError(
                    f"cannot assume {role_arn} in account {account}: {error}",
                    hint="check that the role exists in that account and trusts the caller "
                    f"(account {self.caller_account()}), and that your credentials are valid",
                ) from error
            c = creds["Credentials"]
            return {
                "access_key": c["AccessKeyId"],
                "secret_key": c["SecretAccessKey"],
                "token": c["SessionToken"],
                "expiry_time": c["Expiration"].isoformat(),
            }

        session = boto3.session.Session()
        botocore_session = session._session
        botocore_session._credentials = DeferredRefreshableCredentials(
            refresh_using=fetch, method="sts-assume-role"
        )
        return session

    def _new_client(self, session: Any, service: str, region: str, account: str | None) -> Any:
        client = session.client(
            service,
            region_name=region,
            endpoint_url=self.config.endpoint_url,
            config=self._botocore_config(),
        )
        if self.config.endpoint_url is not None:
            client.meta.events.register("before-sign.s3-control", without_account_host)
        for hook in self.config.hooks:
            hook(client, account or "", region)
        return client


def without_account_host(request: Any, **_: Any) -> None:
    """Send an S3 Control call to the endpoint's own host: botocore puts the account id in
    front of the host ("123456789012.127.0.0.1"), which only AWS's DNS resolves (the
    call carries the account id in a header too)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(request.url)
    first, _, rest = parts.netloc.partition(".")
    if first.isdigit() and rest:
        request.url = urlunsplit(parts._replace(netloc=rest))


def _profile() -> str:
    return os.environ.get("AWS_PROFILE") or os.environ.get("AWS_DEFAULT_PROFILE") or "default"


def _session_or_explain(make: Callable[[], Any]) -> Any:
    """`make()`, with a missing profile explained."""
    from botocore.exceptions import ProfileNotFound

    try:
        return make()
    except ProfileNotFound as error:
        raise LandformError(
            f"the AWS profile {_profile()!r} is not configured: {error}",
            hint="check AWS_PROFILE and your AWS config file (~/.aws/config, or AWS_CONFIG_FILE)",
        ) from error


def _require_credentials(session: Any) -> None:
    """Fail before any AWS call, saying what to do, when the credential chain (env vars,
    profile, SSO, assumed role) yields nothing usable."""
    from botocore.exceptions import (
        NoCredentialsError,
        SSOError,
        TokenRetrievalError,
        UnauthorizedSSOTokenError,
    )

    profile = _profile()
    try:
        credentials = _session_or_explain(session.get_credentials)
        if credentials is None:
            raise NoCredentialsError()
        credentials.get_frozen_credentials()
    except (SSOError, TokenRetrievalError, UnauthorizedSSOTokenError) as error:
        raise LandformError(
            f"the SSO login of AWS profile {profile!r} is missing or expired: {error}",
            hint=f"run `aws sso login --profile {profile}`, then try again",
        ) from error
    except NoCredentialsError as error:
        raise LandformError(
            "no AWS credentials found",
            hint="set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), sign in "
            "with `aws sso login`, or run on the embedded emulator with --local",
        ) from error
