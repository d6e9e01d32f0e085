"""Database URLs in logs and messages: never with their password. Used by the settings (for
what is printed and what the log blanks) and by the PostgreSQL backend (its messages)."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

MASK = "***"
_SECRET_PARAMS = frozenset({"password", "sslpassword"})


def redact_url(url: str) -> str:
    """`url` with its password (in the user part or the query) replaced by `***`.

    Anything that cannot be parsed is hidden whole rather than shown with a secret in it.
    """
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, _, hostport = netloc.rpartition("@")
            user, has_password, _ = userinfo.partition(":")
            netloc = f"{user}:{MASK}@{hostport}" if has_password else f"{user}@{hostport}"
        query = parts.query
        if query:
            pairs = parse_qsl(query, keep_blank_values=True)
            query = urlencode(
                [(k, MASK if k.lower() in _SECRET_PARAMS else v) for k, v in pairs], safe="*"
            )
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:
        return f"<database url hidden: {MASK}>"


def secrets_of(url: str) -> list[str]:
    """The password of `url` as written and decoded, to scrub from text we did not write."""
    found: list[str] = []
    try:
        parts = urlsplit(url)
        if parts.password:
            found += [parts.password, unquote(parts.password)]
        for key, value in parse_qsl(parts.query, keep_blank_values=True):
            if key.lower() in _SECRET_PARAMS and value:
                found += [value, quote(value, safe="")]
    except ValueError:
        return []
    return sorted({s for s in found if s}, key=len, reverse=True)


def scrub(text: str, url: str) -> str:
    """`text` (say, a driver's error message) with every form of `url`'s password masked."""
    for secret in secrets_of(url):
        text = text.replace(secret, MASK)
    return text
