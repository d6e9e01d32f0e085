"""Keys that former versions of config.toml held: a file written for one still starts, and is
told what became of each key instead of being refused as unknown."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Keys a former version read: a config.toml written for it still starts, and is told why the
# key no longer does anything instead of being refused as unknown.
RETIRED_KEYS: Mapping[tuple[str, str], str] = {
    ("advice", "load_jump_ratio"): (
        "the week's load ratio is context only and never warns now (README, Training load);"
        " a long single run gets the spike note instead (advice.spike_percent)"
    ),
}

# Keys a former version read under another name: still read, with a line saying where they live
# now. The daily post's catch-up sat under [reminders], the word members know for their own DMs.
MOVED_KEYS: Mapping[tuple[str, str], tuple[str, str]] = {
    ("reminders", "catch_up_hours"): ("daily_post", "catch_up_hours"),
}


def without_retired_keys(merged: dict[str, Any]) -> tuple[str, ...]:
    """Take the retired and moved keys out of `merged` (moved ones to where they live now);
    one line per key found, for check-config and the log."""
    notices = []
    for (section, key), why in RETIRED_KEYS.items():
        table = merged.get(section)
        if isinstance(table, Mapping) and key in table:
            merged[section] = {k: v for k, v in table.items() if k != key}
            notices.append(f"[{section}] {key} is no longer used and is ignored: {why}")
    for (section, key), (new_section, new_key) in MOVED_KEYS.items():
        table = merged.get(section)
        if not isinstance(table, Mapping) or key not in table:
            continue
        value = table[key]
        rest = {k: v for k, v in table.items() if k != key}
        if rest:
            merged[section] = rest
        else:
            del merged[section]
        target = dict(merged.get(new_section) or {})
        if new_key in target:
            notices.append(
                f"[{section}] {key} is ignored: [{new_section}] {new_key} is set too, and wins"
            )
        else:
            target[new_key] = value
            merged[new_section] = target
            notices.append(
                f"[{section}] {key} is now [{new_section}] {new_key}: read from the old place"
                " this time; move it in the file"
            )
    return tuple(notices)
