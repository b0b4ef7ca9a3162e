"""Join codes: one long random code per human seat, kept by the host only as a hash.

A code is 120 random bits written as six groups of four letters and digits. The host compares
hashes in constant time, can revoke and re-issue a seat's code, and keeps the hashes (never the
codes) in a host-only file beside the autosave, so ``wargame host --resume`` lets the same codes
back in. Codes never go into a save, a report or a log line.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

#: Where a host listens unless told (here, so the command line names them without loading the host).
DEFAULT_PORT = 8765
LOCALHOST = "127.0.0.1"
CODE_BYTES = 15  # 120 bits: out of reach of guessing at any rate a host would serve
HOST_FILE_SUFFIX = ".wghost"
HOST_FILE_FORMAT = "wargame-host-codes"


class CodesError(ValueError):
    """A host file that cannot be read back; the text says why."""


def new_code() -> str:
    """A fresh code, e.g. ``K7QF-M2XA-...`` (case and dashes do not matter when typed)."""
    raw = base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii")
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def normalize(code: str) -> str:
    """The code as compared: upper case, without dashes or spaces."""
    return "".join(ch for ch in code.upper() if ch not in "- \t")


def code_hash(code: str) -> str:
    """SHA-256 of the normalized code. A code has 120 random bits, so a fast hash is enough."""
    return hashlib.sha256(normalize(code).encode("utf-8", "replace")).hexdigest()


def host_file(save: str | os.PathLike[str]) -> Path:
    """Where the host keeps the hashed codes of the game autosaved at ``save``."""
    return Path(save).with_suffix(HOST_FILE_SUFFIX)


class SeatCodes:
    """The hashed join code of each human seat."""

    def __init__(self, hashes: dict[str, str] | None = None) -> None:
        self._hashes: dict[str, str] = dict(hashes or {})

    def __repr__(self) -> str:  # never the hashes either: nothing to grep for in a log
        return f"SeatCodes(seats={sorted(self._hashes)})"

    @property
    def seats(self) -> list[str]:
        return sorted(self._hashes)

    def issue(self, seat: str) -> str:
        """A new code for ``seat``; any earlier code of the seat stops working."""
        code = new_code()
        self._hashes[seat] = code_hash(code)
        return code

    def issue_all(self, seats: Iterable[str]) -> dict[str, str]:
        return {seat: self.issue(seat) for seat in seats}

    def revoke(self, seat: str) -> None:
        """The seat's code stops working; the seat has none until one is issued."""
        self._hashes.pop(seat, None)

    def seat_for(self, code: str) -> str | None:
        """The seat ``code`` opens, or ``None``. Every stored hash is compared, each in constant time."""
        digest = code_hash(code)
        found = None
        for seat, stored in self._hashes.items():
            if hmac.compare_digest(digest, stored):
                found = seat
        return found

    # --- The host-only file ------------------------------------------------------------------------
    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write the hashes atomically to ``path``, readable by this user only (mode 0600)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        body = json.dumps({"format": HOST_FILE_FORMAT, "version": 1, "seats": self._hashes}, sort_keys=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="ascii") as out:
                out.write(body)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return path

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> SeatCodes:
        """The hashes written by ``write`` (``CodesError`` with the reason otherwise)."""
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="ascii"))
        except FileNotFoundError:
            raise CodesError(f"{path.name} is missing: the seats need new codes") from None
        except (OSError, ValueError) as exc:
            raise CodesError(f"{path.name} cannot be read: {exc}") from None
        if not isinstance(data, dict) or data.get("format") != HOST_FILE_FORMAT or data.get("version") != 1:
            raise CodesError(f"{path.name} is not a wargame host file")
        seats = data.get("seats")
        if not isinstance(seats, dict) or not all(isinstance(v, str) and len(v) == 64 for v in seats.values()):
            raise CodesError(f"{path.name} is damaged: its seats are not code hashes")
        return cls(seats)
