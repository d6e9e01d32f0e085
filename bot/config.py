"""Settings: a TOML file, then the environment. Loaded once in `main()`, never at import."""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.config_errors import describe_errors
from bot.config_history import without_retired_keys
from bot.core.errors import InputError
from bot.core.models import AdviceRules
from bot.core.session_events import (
    HEADS_UP_HOURS_DEFAULT,
    HEADS_UP_HOURS_MAX,
    HEADS_UP_HOURS_MIN,
)
from bot.core.when import valid_timezone
from bot.health import HEARTBEAT_SECONDS
from bot.urls import (
    ACCEPTED_SCHEMES,
    SQLITE_URL_EXAMPLE,
    SQLITE_URL_PREFIX,
    is_postgres,
    password_of,
    redact_url,
    secrets_of,
    url_problem,
    with_password,
)

TOKEN_ENV = "DISCORD_TOKEN"
# Overrides [database] url and path, so a password can live in the environment, not the file.
DATABASE_URL_ENV = "DATABASE_URL"
# The password of a PostgreSQL url that has none, as the driver (asyncpg, libpq) takes it: a
# password made for a server (base64, say) then needs no percent-encoding.
PASSWORD_ENV = "PGPASSWORD"
CONFIG_ENV = "RUNCLUB_CONFIG"
DEFAULT_CONFIG_PATH = Path("config.toml")


class ConfigError(Exception):
    """Startup stops with this message; it names the offending key."""


def _not_empty(value: Any) -> Any:
    # Path("") is ".", the working directory: an empty value would pass as a path and fail
    # only where it is used (no heartbeat written, "cannot open the database .").
    if isinstance(value, str) and not value.strip():
        raise ValueError("is empty: give a path")
    return value


# A file the bot writes or reads, named in the config.
FilePath = Annotated[Path, BeforeValidator(_not_empty)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DiscordSettings(_Section):
    token: SecretStr | None = None
    # Sync the command tree to this one guild only: changes show instantly, handy while testing.
    dev_guild_id: int | None = Field(default=None, gt=0)
    # One bot split over several processes: this process serves `shard_ids` out of
    # `shard_count` shards (README: "Running many clubs"). Neither set: one process, as usual.
    shard_count: int | None = Field(default=None, ge=1, le=10_000)
    shard_ids: tuple[int, ...] | None = Field(default=None, min_length=1)
    # This process's pace for what it sends on its own (posts, DMs); unset: its shards' part
    # of SAFE_SHARE of Discord's global limit (bot/core/send_budget.py).
    requests_per_second: float | None = Field(default=None, gt=0, le=10_000)
    # On SIGTERM/SIGINT, how long the posts and DMs in flight may take before the store closes;
    # what is still sending then is cut off (and resent by a quick restart, bot/core/resend.py).
    drain_seconds: float = Field(default=10, ge=0, le=120)

    @model_validator(mode="after")
    def _shards_fit(self) -> DiscordSettings:
        if self.shard_ids is not None and self.shard_count is None:
            raise ValueError("shard_ids needs shard_count: how many shards the bot has in all")
        if self.shard_ids is not None and self.shard_count is not None:
            outside = [i for i in self.shard_ids if not 0 <= i < self.shard_count]
            if outside:
                raise ValueError(
                    f"shard_ids {outside} are outside 0..{self.shard_count - 1} "
                    f"(shard_count = {self.shard_count})"
                )
            if len(set(self.shard_ids)) != len(self.shard_ids):
                raise ValueError("shard_ids lists a shard twice")
        return self


DatabaseBackend = Literal["sqlite", "postgresql"]


class DatabaseSettings(_Section):
    # The SQLite file. A `sqlite:///` url sets it too; with any other url it is unused.
    path: FilePath = Path("data/runclub.sqlite3")
    # `sqlite:///relative/path`, `sqlite:////absolute/path` or `postgresql://...`.
    url: str | None = None
    backup_dir: FilePath | None = None
    backup_keep: int = Field(default=7, ge=1, le=365)

    @model_validator(mode="before")
    @classmethod
    def _one_location(cls, data: Any) -> Any:
        if not isinstance(data, Mapping) or data.get("url") is None:
            return data
        if "path" in data:
            raise ValueError(
                f"set [database] url or [database] path, not both ({DATABASE_URL_ENV} in the"
                " environment wins over either)"
            )
        url = str(data["url"])
        if url.startswith(SQLITE_URL_PREFIX):
            # One place holds the file either way: everything that needs the file reads path.
            return {**data, "path": url.removeprefix(SQLITE_URL_PREFIX)}
        return data

    @field_validator("url")
    @classmethod
    def _known_scheme(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if value.startswith(SQLITE_URL_PREFIX):
            if not value.removeprefix(SQLITE_URL_PREFIX).strip():
                raise ValueError(f"a sqlite:/// url needs a file path, e.g. {SQLITE_URL_EXAMPLE}")
            return value
        if is_postgres(value):
            problem = url_problem(value)
            if problem is not None:
                raise ValueError(problem)
            return value
        raise ValueError(f"must start with {ACCEPTED_SCHEMES}")

    @property
    def backend(self) -> DatabaseBackend:
        if self.url is None or self.url.startswith(SQLITE_URL_PREFIX):
            return "sqlite"
        return "postgresql"

    @property
    def secrets(self) -> list[str]:
        """The url's password in every form it is written (user part or query, encoded or
        not), so that logging can blank it wherever it would appear."""
        return [] if self.url is None else secrets_of(self.url)

    @property
    def shown_url(self) -> str | None:
        """The url as it may be printed or logged: the password replaced by ***."""
        return None if self.url is None else redact_url(self.url)

    @property
    def shown(self) -> str:
        """The database in use, as it may be printed: the masked url, or the SQLite file."""
        if self.backend == "sqlite":
            return f"{self.path} (SQLite)"
        return redact_url(self.url or "")


class ClubSettings(_Section):
    timezone: str = "UTC"
    public_logs: bool = False
    # `/club session add`'s `event` when not given: publish sessions on Discord's calendar.
    session_events: bool = True
    # How long before a session's start its heads-up DMs go out (bot/actions/heads_up.py).
    session_heads_up_hours: float = Field(
        default=HEADS_UP_HOURS_DEFAULT, ge=HEADS_UP_HOURS_MIN, le=HEADS_UP_HOURS_MAX
    )

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            return valid_timezone(value).key
        except InputError as exc:
            # The same answer a member gets, e.g. "EST: did you mean America/New_York?".
            raise ValueError(exc.message.removeprefix("`timezone`: ")) from exc


class DailyPostSettings(_Section):
    catch_up_hours: float = Field(default=3, ge=0, le=24)


class PrivacySettings(_Section):
    keep_days_after_removal: int = Field(default=30, ge=0, le=3650)


class LoggingSettings(_Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


class HealthSettings(_Section):
    heartbeat_path: FilePath = Path("data/heartbeat")
    # A heartbeat older than this means the event loop has stopped making progress. The bot
    # writes one every HEARTBEAT_SECONDS, so anything under two beats would fail a healthy bot.
    max_age_seconds: int = Field(default=90, ge=2 * HEARTBEAT_SECONDS, le=3600)


class ChartSettings(_Section):
    # The chart worker process (about 80 MiB with matplotlib) leaves after this long unused.
    idle_minutes: float = Field(default=10, gt=0, le=1440)


class Settings(_Section):
    discord: DiscordSettings = DiscordSettings()
    database: DatabaseSettings = DatabaseSettings()
    club: ClubSettings = ClubSettings()
    advice: AdviceRules = AdviceRules()
    daily_post: DailyPostSettings = DailyPostSettings()
    privacy: PrivacySettings = PrivacySettings()
    logging: LoggingSettings = LoggingSettings()
    health: HealthSettings = HealthSettings()
    charts: ChartSettings = ChartSettings()

    @model_validator(mode="after")
    def _shards_need_a_server_database(self) -> Settings:
        sharded = self.discord.shard_count is not None or self.discord.shard_ids is not None
        if sharded and self.database.backend == "sqlite":
            raise ValueError(
                "discord.shard_count / shard_ids need a PostgreSQL database: set [database] url"
                f" (or {DATABASE_URL_ENV}) to postgresql://...; several processes cannot share"
                " one SQLite file"
            )
        return self

    @property
    def token(self) -> str | None:
        if self.discord.token is None:
            return None
        value = self.discord.token.get_secret_value().strip()
        return value or None


def format_error(exc: ValidationError) -> str:
    return describe_errors(exc, Settings)


@dataclass(frozen=True, slots=True)
class LoadedConfig:
    settings: Settings
    # Which setting chose the database, and why it won, for check-config.
    database_origin: str
    # One line per retired key the file still sets: check-config prints them, run logs them.
    retired: tuple[str, ...] = ()


def _database_origin(section: Mapping[str, Any], env: Mapping[str, str], source: str) -> str:
    if env.get(DATABASE_URL_ENV, "").strip():
        beaten = [f"[database] {key}" for key in ("url", "path") if key in section]
        if beaten:
            return (
                f"from {DATABASE_URL_ENV}: the environment wins over"
                f" {' and '.join(beaten)} in {source}"
            )
        return f"from {DATABASE_URL_ENV} in the environment"
    if "url" in section:
        return f"from [database] url in {source}"
    if "path" in section:
        return f"from [database] path in {source}"
    return f"the default [database] path: neither {source} nor {DATABASE_URL_ENV} names one"


def database_url_with_env_password(url: str, env: Mapping[str, str]) -> str:
    """A PostgreSQL url without a password takes $PGPASSWORD, as the driver would; put into
    the url here so that what connects, what is shown and what the log blanks are one."""
    password = env.get(PASSWORD_ENV, "")
    if password and is_postgres(url) and password_of(url) is None and url_problem(url) is None:
        return with_password(url, password)
    return url


def config_from_mapping(
    data: Mapping[str, Any], env: Mapping[str, str], source: str = "the config file"
) -> LoadedConfig:
    """Build settings from parsed TOML and an environment; raises ConfigError naming the key.

    $DATABASE_URL names the database whatever the file says (its url or its path), as the
    README promises; values must have their TOML type ("yes" is not a boolean)."""
    merged: dict[str, Any] = {key: value for key, value in data.items()}
    retired = without_retired_keys(merged)
    token = env.get(TOKEN_ENV, "").strip()
    if token:
        discord_section = dict(merged.get("discord") or {})
        discord_section["token"] = token
        merged["discord"] = discord_section
    in_file = merged.get("database")
    database = dict(in_file) if isinstance(in_file, Mapping) else None
    origin = _database_origin(database or {}, env, source)
    env_url = env.get(DATABASE_URL_ENV, "").strip()
    if env_url:
        database = {k: v for k, v in (database or {}).items() if k not in ("url", "path")}
        database["url"] = env_url
    if database is not None:
        url = database.get("url")
        if isinstance(url, str):
            database["url"] = database_url_with_env_password(url, env)
            if database["url"] != url:
                origin += f"; its password from {PASSWORD_ENV}"
        merged["database"] = database
    try:
        # JSON's strict mode: a TOML string is text and nothing else, while a path or a list
        # still reads as one. TOML dates have no JSON form: str() lets them be refused by key.
        settings = Settings.model_validate_json(json.dumps(merged, default=str), strict=True)
    except ValidationError as exc:
        # A moved key is refused under its new name: the notes say where the file has it.
        notes = "".join(f"\n  note: {line}" for line in retired)
        raise ConfigError(format_error(exc) + notes) from None
    return LoadedConfig(settings, origin, retired)


def settings_from_mapping(data: Mapping[str, Any], env: Mapping[str, str]) -> Settings:
    """Build settings from parsed TOML and an environment; raises ConfigError naming the key."""
    return config_from_mapping(data, env).settings


def load_config(path: Path | None = None, env: Mapping[str, str] | None = None) -> LoadedConfig:
    """Read settings from `path` (or $RUNCLUB_CONFIG, or ./config.toml if present) and env.

    An explicitly named file must exist; the default file is optional so that the bot and the
    offline console start with nothing but defaults.
    """
    environ = os.environ if env is None else env
    explicit = path is not None or bool(environ.get(CONFIG_ENV))
    config_path = path or Path(environ.get(CONFIG_ENV) or DEFAULT_CONFIG_PATH)
    data: dict[str, Any] = {}
    try:
        # Python 3.11's is_file() raises, not answers False, for a folder it may not look into.
        found = config_path.is_file()
        folder = config_path.is_dir()
    except OSError as exc:
        raise ConfigError(f"{config_path}: cannot be looked at ({exc.strerror})") from None
    if folder:
        # Where `docker run -v` mounts a file the host does not have, it makes an empty folder:
        # starting on the defaults would hide that the settings were never read.
        raise ConfigError(
            f"{config_path} is a folder, not a TOML file (`docker run -v` makes an empty folder"
            " where the file it is given does not exist: check that file's path)"
        )
    if found:
        try:
            # utf-8-sig: a byte order mark (Notepad's "UTF-8 with BOM") is not TOML's to see.
            data = tomllib.loads(config_path.read_text(encoding="utf-8-sig"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{config_path}: not valid TOML: {exc}") from None
        except UnicodeDecodeError as exc:
            raise ConfigError(
                f"{config_path}: not UTF-8 text (byte {exc.start}); save it as UTF-8"
            ) from None
        except OSError as exc:
            raise ConfigError(f"{config_path}: cannot be read ({exc.strerror})") from None
    elif explicit:
        raise ConfigError(f"config file {config_path} does not exist")
    source = str(config_path) if found else "the config file"
    return config_from_mapping(data, environ, source)


def target_database(url: str, env: Mapping[str, str] | None = None) -> DatabaseSettings:
    """The database a command names by url (migrate-store --to), read as the configured one
    is: $PGPASSWORD for a url without a password. Raises ConfigError."""
    environ = os.environ if env is None else env
    try:
        return DatabaseSettings(url=database_url_with_env_password(url, environ))
    except ValidationError as exc:
        problems = (err["msg"].removeprefix("Value error, ") for err in exc.errors())
        raise ConfigError("; ".join(problems)) from None
