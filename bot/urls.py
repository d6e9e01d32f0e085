"""Database urls: which ones the bot accepts, read the way the PostgreSQL driver (asyncpg)
reads them, and never shown or logged with their password.

Used by the settings (what is accepted, what is printed, what the log blanks) and by the
PostgreSQL backend (its messages).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, unquote, unquote_plus, urlsplit

MASK = "***"
SQLITE_URL_PREFIX = "sqlite:///"
POSTGRES_URL_PREFIXES = ("postgresql://", "postgres://")
SQLITE_URL_EXAMPLE = "sqlite:///data/club.sqlite3"
POSTGRES_URL_EXAMPLE = "postgresql://user:password@host:5432/dbname"
# What a url may start with, said once for every message that names them.
POSTGRES_SCHEMES = " or ".join(POSTGRES_URL_PREFIXES)
ACCEPTED_SCHEMES = f"{SQLITE_URL_PREFIX}, {POSTGRES_SCHEMES}"
# The characters a password or user name must not hold as they are: each ends the part of the
# url it is in, so the driver would read the rest as the host, the port or the database.
ENCODE_RULE = (
    "in a url, a password or user name must have each /, @, ?, # and % percent-encoded:"
    " / as %2F, @ as %40, ? as %3F, # as %23, % as %25"
)
ENCODE_ADVICE = (
    f'{ENCODE_RULE} (python3 -c "import urllib.parse, getpass;'
    " print(urllib.parse.quote(getpass.getpass(), safe=''))\" prints it encoded);"
    " or leave the password out of the url and set PGPASSWORD"
)
# `?password=...` or `&sslpassword=...`, up to the next parameter: as the driver splits them.
_QUERY_SECRET = re.compile(r"(?i)([?&](?:ssl)?password=)([^&#]*)")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def is_postgres(url: str) -> bool:
    return url.startswith(POSTGRES_URL_PREFIXES)


def _after_scheme(url: str) -> tuple[str, str]:
    scheme, sep, rest = url.partition("://")
    return (scheme + sep, rest) if sep else ("", url)


def _written_userinfo(url: str) -> str | None:
    """The user part as a person wrote it: everything up to the url's LAST `@`. Wider than
    what the driver reads when the password holds a `/`, `?`, `#` or `@`, which is what lets a
    misread password still be masked."""
    _, rest = _after_scheme(url)
    userinfo, at, _ = rest.rpartition("@")
    return userinfo if at else None


def _driver_userinfo(url: str) -> str | None:
    """The user part as asyncpg reads it: the url's authority (up to the first `/`, `?` or
    `#`) up to its FIRST `@`. Raises ValueError for what urlsplit cannot read."""
    netloc = urlsplit(url).netloc
    return netloc.partition("@")[0] if "@" in netloc else None


def _hosts(url: str) -> list[str]:
    netloc = urlsplit(url).netloc
    return netloc.partition("@")[2].split(",") if "@" in netloc else netloc.split(",")


def url_problem(url: str) -> str | None:
    """Why the driver would misread this PostgreSQL url, or None when it reads what was
    written. Never quotes the url: the problem is often in its password."""
    try:
        driver = _driver_userinfo(url)
        hosts = _hosts(url)
        query = urlsplit(url).query
    except ValueError:
        return "is not a url the driver can read (a [ or ] outside an IPv6 address?)"
    written = _written_userinfo(url)
    if written is not None and written != driver:
        return (
            "the driver would not read the user name or password as written (an @ in a"
            f" parameter after ? must be written %40 too): {ENCODE_ADVICE}"
        )
    if written is not None and _BAD_PERCENT.search(written):
        return f"a % that does not start a %XX code: {ENCODE_ADVICE}"
    for host in hosts:
        after_address = host.rpartition("]")[2]  # past an [IPv6] address, or the whole host
        if ":" in after_address and not after_address.partition(":")[2].isdigit():
            return f"the port after the host must be a number ({ENCODE_ADVICE})"
    if query:
        try:
            parse_qs(query, strict_parsing=True)
        except ValueError:
            return "the part after ? must be name=value pairs joined by &"
    return None


def password_of(url: str) -> str | None:
    """The password the driver reads from the url's user part (decoded), or None."""
    try:
        userinfo = _driver_userinfo(url)
    except ValueError:
        return None
    password = "" if userinfo is None else userinfo.partition(":")[2]
    return unquote(password) or None


def with_password(url: str, password: str) -> str:
    """`url` with `password` (percent-encoded) in its user part, for a url that has none."""
    scheme, rest = _after_scheme(url)
    userinfo, at, hostpart = rest.partition("@")
    if not at:
        userinfo, hostpart = "", rest
    user = userinfo.partition(":")[0]
    return f"{scheme}{user}:{quote(password, safe='')}@{hostpart}"


def redact_url(url: str) -> str:
    """`url` with its password (in the user part or the query) replaced by `***`.

    The user part runs to the url's last `@`, so a password holding an unencoded `/`, `@`, `?`
    or `#` is masked whole, not cut where the driver would cut it. Anything that cannot be
    parsed is hidden whole rather than shown with a secret in it.
    """
    try:
        urlsplit(url)
    except ValueError:
        return f"<database url hidden: {MASK}>"
    shown = _QUERY_SECRET.sub(lambda m: m[1] + MASK, url)
    userinfo = _written_userinfo(shown)
    if userinfo is None:
        return shown
    scheme, rest = _after_scheme(shown)
    user, has_password, _ = userinfo.partition(":")
    hostpart = rest[len(userinfo) + 1 :]
    return f"{scheme}{user}:{MASK}@{hostpart}" if has_password else f"{scheme}{user}@{hostpart}"


def secrets_of(url: str) -> list[str]:
    """Every form of `url`'s password, to blank from text we did not write: as written
    (the whole of it, even where the driver would cut it short), encoded and decoded, in the
    user part or the query. Longest first, so that no piece of one is left."""
    found: list[str] = []
    userinfo = _written_userinfo(url)
    if userinfo is not None and ":" in userinfo:
        password = userinfo.partition(":")[2]
        found += [password, unquote(password), quote(unquote(password), safe="")]
    for match in _QUERY_SECRET.finditer(url):
        value = match[2]
        found += [value, unquote(value), unquote_plus(value), quote(unquote_plus(value), safe="")]
    return sorted({s for s in found if s}, key=len, reverse=True)


def scrub(text: str, url: str) -> str:
    """`text` (say, a driver's error message) with every form of `url`'s password masked."""
    for secret in secrets_of(url):
        text = text.replace(secret, MASK)
    return text
