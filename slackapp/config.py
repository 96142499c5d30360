"""Settings: the only reader of os.environ. Loaded once at start-up and validated."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TypeVar

from slackapp.domain import timespec
from slackapp.domain.errors import InputError

T = TypeVar("T")

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
# The shortest GLUTES_ADMIN_PASSWORD / GLUTES_METRICS_TOKEN accepted: too long to guess at the rate the
# admin mount allows (a few failures a minute per address).
MIN_ADMIN_PASSWORD = 16


class SettingsError(Exception):
    """A setting is missing or malformed; str() is the one line shown to the operator."""

    def __init__(self, name: str, expected: str) -> None:
        super().__init__(f"{name}: {expected}")
        self.name = name


@dataclass(frozen=True)
class Settings:
    """Typed, validated process settings. Tests build it directly."""

    slack_signing_secret: str = field(repr=False)
    slack_bot_token: str | None = field(default=None, repr=False)
    slack_app_token: str | None = field(default=None, repr=False)
    slack_client_id: str | None = None
    slack_client_secret: str | None = field(default=None, repr=False)
    token_key: str | None = field(default=None, repr=False)  # Fernet key for tokens at rest
    purge_after: timedelta = timedelta(days=7)  # an uninstalled workspace's data is kept this long
    slack_api_url: str = DEFAULT_SLACK_API_URL
    redis_url: str | None = None
    # A Sentinel-watched primary (REDIS_SENTINELS, REDIS_SENTINEL_MASTER) instead of REDIS_URL: every
    # process asks the sentinels where the primary is, and asks again after a failover.
    redis_sentinels: tuple[tuple[str, int], ...] = ()
    redis_sentinel_master: str | None = None
    redis_sentinel_password: str | None = field(default=None, repr=False)  # the sentinels' own AUTH
    redis_password: str | None = field(default=None, repr=False)  # the primary's AUTH, with sentinels
    port: int = 3000
    web_concurrency: int = 2
    break_interval: timedelta = timedelta(minutes=50)
    work_start_minute: int = 9 * 60
    work_end_minute: int = 17 * 60
    work_days: frozenset[int] = frozenset(range(5))
    # Per-workspace chat.postMessage pacing, shared by all workers (Slack: ~1/s per channel plus an
    # unpublished workspace-wide ceiling).
    send_rate_per_second: float = 10.0
    # Burst 5, half of Slack's own: with a burst equal to Slack's, a send that leaves its reserved slot a
    # little late (two workers, a busy machine) lands beside the next burst and draws a 429 (the big
    # day's one 429, docs/performance.md); 25 sends in flight per worker sends a scheduler batch of 50 in
    # two waves (10,000 cards took 31.2 s with 16 in flight, 25.2 s with 25 and 25.1 s with 32).
    send_burst: int = 5
    send_concurrency: int = 25  # sends one worker process keeps in flight
    # Spread each workspace's first breaks of a day over the time its send rate needs for everyone
    # (GLUTES_SPREAD_FIRST_BREAKS=off: everyone's first break at start + interval, as before).
    spread_first_breaks: bool = True
    scheduler_tick_seconds: float = 1.0
    # How long claimed work (a due break, a post) is held before it is claimed again because whoever
    # claimed it died; also how long one send is locked against a duplicate.
    claim_lease_seconds: float = 300.0
    slack_timeout_seconds: float = 10.0
    # People's activity (the start of their data's 13 months) is written once this often per process, in
    # one round trip, not once per request (store.retention.PendingActivity); 0: at once.
    activity_flush_seconds: float = 1.0
    # GLUTES_SLACK_KEEP_ALIVE: Web API calls reuse this process's connections to Slack (off: a new TCP and
    # TLS connection per call, as slack_sdk does by itself).
    slack_keep_alive: bool = True
    # GLUTES_SLACK_CA_FILE: a CA bundle trusted for Slack's HTTPS instead of the system's (the local TLS
    # stand-in's CA in the benchmark and tests; a corporate TLS proxy's). Verification always stays on.
    slack_ca_file: str | None = None
    metrics_dir: str | None = None  # PROMETHEUS_MULTIPROC_DIR: counters shared by all local processes
    admin_password: str | None = field(default=None, repr=False)  # GLUTES_ADMIN_PASSWORD: /admin/rq
    metrics_token: str | None = field(default=None, repr=False)  # GLUTES_METRICS_TOKEN: /metrics bearer
    proxy_hops: int = 0  # GLUTES_PROXY_HOPS: proxies in front whose X-Forwarded-For is trusted
    log_format: str = "json"
    socket_health_file: str | None = None  # GLUTES_SOCKET_HEALTH_FILE: Socket Mode connection state
    # GLUTES_PLAYGROUND_STANDIN: the local Slack stand-in's base URL when `make run` has no credentials; the
    # browser playground is mounted only with it AND the playground's own fake credentials (web/app.py).
    playground_standin_url: str | None = None

    @property
    def distribution_mode(self) -> bool:
        """OAuth "Add to Slack" for any workspace, rather than one workspace's SLACK_BOT_TOKEN."""
        return bool(self.slack_client_id and self.slack_client_secret and not self.slack_bot_token)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read and validate every setting; raise SettingsError naming the first bad one."""
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        secret = get("SLACK_SIGNING_SECRET")
        if not secret:
            raise SettingsError(
                "SLACK_SIGNING_SECRET",
                "required (Slack app settings > Basic Information > Signing Secret)",
            )
        bot_token = get("SLACK_BOT_TOKEN")
        if bot_token is not None and not bot_token.startswith("xoxb-"):
            raise SettingsError("SLACK_BOT_TOKEN", "expected a bot token starting with xoxb-")
        app_token = get("SLACK_APP_TOKEN")
        if app_token is not None and not app_token.startswith("xapp-"):
            raise SettingsError("SLACK_APP_TOKEN", "expected an app-level token starting with xapp-")
        client_id, client_secret = get("SLACK_CLIENT_ID"), get("SLACK_CLIENT_SECRET")
        if bool(client_id) != bool(client_secret):
            missing = "SLACK_CLIENT_SECRET" if client_id else "SLACK_CLIENT_ID"
            raise SettingsError(
                missing, "required with the other OAuth setting (Basic Information > App Credentials)"
            )
        token_key = get("GLUTES_TOKEN_KEY")
        if token_key is not None:
            try:
                from cryptography.fernet import Fernet

                Fernet(token_key.encode())
            except (ValueError, TypeError):
                raise SettingsError(
                    "GLUTES_TOKEN_KEY", "expected a Fernet key (see README: Tokens at rest)"
                ) from None
        api_url = get("SLACK_API_URL") or DEFAULT_SLACK_API_URL
        if not re.match(r"^https?://", api_url):
            raise SettingsError("SLACK_API_URL", "expected an http(s) URL such as https://slack.com/api/")
        if not api_url.endswith("/"):
            api_url += "/"
        redis_url = get("REDIS_URL")
        if redis_url is not None and not re.match(r"^(redis|rediss|unix)://", redis_url):
            raise SettingsError("REDIS_URL", "expected a URL such as redis://localhost:6379/0")
        sentinels = _sentinels(get("REDIS_SENTINELS"))
        sentinel_master = get("REDIS_SENTINEL_MASTER")
        if sentinels and not sentinel_master:
            raise SettingsError("REDIS_SENTINEL_MASTER", "required with REDIS_SENTINELS (the primary's name)")
        if sentinel_master and not sentinels:
            raise SettingsError("REDIS_SENTINELS", "required with REDIS_SENTINEL_MASTER, as host:port,...")
        if sentinels and redis_url:
            raise SettingsError(
                "REDIS_URL", "leave it unset when REDIS_SENTINELS is set (use one or the other)"
            )
        admin_password = get("GLUTES_ADMIN_PASSWORD")
        if admin_password is not None and len(admin_password) < MIN_ADMIN_PASSWORD:
            raise SettingsError(
                "GLUTES_ADMIN_PASSWORD",
                f"expected at least {MIN_ADMIN_PASSWORD} characters (it guards /admin/rq), or leave it unset",
            )
        metrics_token = get("GLUTES_METRICS_TOKEN")
        if metrics_token is not None and len(metrics_token) < MIN_ADMIN_PASSWORD:
            raise SettingsError(
                "GLUTES_METRICS_TOKEN",
                f"expected at least {MIN_ADMIN_PASSWORD} characters, or leave it unset",
            )
        start, end = _parsed(
            "GLUTES_WORK_HOURS", timespec.parse_hours, get("GLUTES_WORK_HOURS") or "09:00-17:00"
        )
        return cls(
            slack_signing_secret=secret,
            slack_bot_token=bot_token,
            slack_app_token=app_token,
            slack_client_id=client_id,
            slack_client_secret=client_secret,
            token_key=token_key,
            purge_after=timedelta(
                days=_int(
                    get("GLUTES_PURGE_AFTER_DAYS") or "7",
                    "GLUTES_PURGE_AFTER_DAYS",
                    "a number of days",
                    0,
                    365,
                )
            ),
            slack_api_url=api_url,
            redis_url=redis_url,
            redis_sentinels=sentinels,
            redis_sentinel_master=sentinel_master,
            redis_sentinel_password=get("REDIS_SENTINEL_PASSWORD"),
            redis_password=get("REDIS_PASSWORD"),
            port=_int(get("PORT") or "3000", "PORT", "a port number such as 3000", 1, 65535),
            web_concurrency=_int(
                get("WEB_CONCURRENCY") or "2", "WEB_CONCURRENCY", "a number of processes", 1, 64
            ),
            break_interval=_parsed(
                "GLUTES_BREAK_INTERVAL",
                timespec.parse_interval_setting,
                get("GLUTES_BREAK_INTERVAL") or "50m",
            ),
            work_start_minute=start,
            work_end_minute=end,
            work_days=_parsed("GLUTES_WORK_DAYS", timespec.parse_days, get("GLUTES_WORK_DAYS") or "mon-fri"),
            send_rate_per_second=_float(get("GLUTES_SEND_RATE") or "10", "GLUTES_SEND_RATE"),
            send_burst=_int(get("GLUTES_SEND_BURST") or "5", "GLUTES_SEND_BURST", "a whole number", 1, 10000),
            send_concurrency=_int(
                get("GLUTES_SEND_CONCURRENCY") or "25", "GLUTES_SEND_CONCURRENCY", "a whole number", 1, 256
            ),
            spread_first_breaks=_choice(
                get("GLUTES_SPREAD_FIRST_BREAKS") or "on", "GLUTES_SPREAD_FIRST_BREAKS", ("on", "off")
            )
            == "on",
            scheduler_tick_seconds=_float(get("GLUTES_SCHEDULER_TICK") or "1", "GLUTES_SCHEDULER_TICK"),
            claim_lease_seconds=_float(get("GLUTES_CLAIM_LEASE") or "300", "GLUTES_CLAIM_LEASE"),
            slack_timeout_seconds=_float(get("GLUTES_SLACK_TIMEOUT") or "10", "GLUTES_SLACK_TIMEOUT"),
            slack_keep_alive=_choice(
                get("GLUTES_SLACK_KEEP_ALIVE") or "on", "GLUTES_SLACK_KEEP_ALIVE", ("on", "off")
            )
            == "on",
            slack_ca_file=_readable(get("GLUTES_SLACK_CA_FILE"), "GLUTES_SLACK_CA_FILE"),
            metrics_dir=get("PROMETHEUS_MULTIPROC_DIR"),
            admin_password=admin_password,
            metrics_token=metrics_token,
            proxy_hops=_int(
                get("GLUTES_PROXY_HOPS") or "0", "GLUTES_PROXY_HOPS", "a number of proxies", 0, 5
            ),
            log_format=_choice(get("GLUTES_LOG_FORMAT") or "json", "GLUTES_LOG_FORMAT", ("json", "text")),
            socket_health_file=get("GLUTES_SOCKET_HEALTH_FILE") or None,
            playground_standin_url=get("GLUTES_PLAYGROUND_STANDIN"),
        )


def _parsed(name: str, parse: Callable[[str], T], text: str) -> T:
    """Parse with the same rules people's own settings use; a failure names the variable."""
    try:
        return parse(text)
    except InputError:
        raise SettingsError(name, f"expected {_EXPECTED[name]}, not {text!r}") from None


_EXPECTED = {
    "GLUTES_BREAK_INTERVAL": "a positive duration like 50m, 3s or 1h",
    "GLUTES_WORK_HOURS": "HH:MM-HH:MM such as 09:00-17:00",
    "GLUTES_WORK_DAYS": "days such as mon-fri or mon,wed,fri",
}


def _sentinels(text: str | None) -> tuple[tuple[str, int], ...]:
    """`host:port,host:port` -> ((host, port), ...); empty when unset."""
    if not text:
        return ()
    found = []
    for item in text.split(","):
        host, _, port = item.strip().rpartition(":")
        if not host or not port.isdigit() or not 1 <= int(port) <= 65535:
            raise SettingsError("REDIS_SENTINELS", f"expected host:port,host:port,..., not {item.strip()!r}")
        found.append((host, int(port)))
    return tuple(found)


def _int(text: str, name: str, expected: str, low: int, high: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise SettingsError(name, f"expected {expected}") from None
    if not low <= value <= high:
        raise SettingsError(name, f"expected {expected} between {low} and {high}")
    return value


def _readable(path: str | None, name: str) -> str | None:
    if path is not None and not os.path.isfile(path):
        raise SettingsError(name, f"expected a readable PEM file, not {path!r}")
    return path


def _choice(text: str, name: str, choices: tuple[str, ...]) -> str:
    if text.lower() not in choices:
        raise SettingsError(name, "expected one of " + ", ".join(choices))
    return text.lower()


def _float(text: str, name: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise SettingsError(name, "expected a positive number") from None
    if value <= 0:
        raise SettingsError(name, "expected a positive number")
    return value


def environment(dotenv: str | None = ".env") -> dict[str, str]:
    """The process environment with `dotenv` (KEY=value lines) filled in underneath it."""
    merged: dict[str, str] = {}
    if dotenv and os.path.exists(dotenv):
        with open(dotenv, encoding="utf-8") as handle:
            for line in handle:
                line = line.strip()
                if not line or line.startswith("#") or "=" not in line:
                    continue
                name, _, value = line.removeprefix("export ").partition("=")
                merged[name.strip()] = value.strip().strip("'\"")
    merged.update(os.environ)
    return merged


def load_or_exit(env: Mapping[str, str] | None = None) -> Settings:
    """Settings for a process entry point: on a bad setting print one line and exit with code 2."""
    with bad_setting_exits():
        return Settings.from_env(env)


@contextmanager
def bad_setting_exits() -> Iterator[None]:
    """In a process entry point: a SettingsError, also one found only when the setting is used (a password
    Redis refuses), prints its one line and exits with code 2."""
    import sys

    try:
        yield
    except SettingsError as error:
        print(f"glutes: bad setting {error}", file=sys.stderr)
        raise SystemExit(2) from None
