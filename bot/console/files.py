"""How the console names the files it saves (charts, exports) in its attachments folder."""

from __future__ import annotations

from pathlib import Path


def name_parts(filename: str) -> tuple[str, str]:
    """A reply's file name as the part the console adds the time after and the extension:
    only the name itself (the folder is the console's to choose, never the reply's), and a
    `.gz` with the extension before it, as gunzip names what it unpacks by dropping `.gz`
    (`runclub-mydata.json.gz`, an export over Discord's 10 MiB, unpacks to a `.json`)."""
    name = Path(filename).name or "attachment"
    stem, suffix = Path(name).stem, Path(name).suffix
    if suffix == ".gz" and Path(stem).suffix:
        stem, suffix = Path(stem).stem, Path(stem).suffix + suffix
    return stem, suffix
