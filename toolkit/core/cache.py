"""Content-hash cache of parsed and validated source files, kept in the user's cache folder (see cachedir.py).

A no-change reload of a county folder then skips YAML parsing and pydantic validation.
- Key: sha256 of the file kind, the file's bytes and a fingerprint of the code that reads them
  (toolkit version, Python and pydantic versions, the sources of the models, code lists, reader and
  validator): any change to either gives a new key, so a stale entry is never used.
- Value: the validated object (pickle) and the field positions (marshal), signed with an HMAC whose key
  lives outside the county folder (the user's cache folder). A cache planted in a folder received from
  elsewhere fails the check and is never unpickled; corrupt or unreadable entries are ignored.
- Entries are written atomically (temporary file + rename) and only after the whole folder loaded without
  errors, so a failing `stdkit validate` writes nothing. Entries no longer used are pruned then.
- `STDKIT_CACHE=0` turns the cache off; any OSError turns it off for that run.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import pickle
import secrets
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from .cachedir import ContentCache, cache_home, project_cache
from .settings import current
from .version import __version__

_MAC_LEN = 32
_PACKAGE = Path(__file__).resolve().parent.parent  # toolkit/
# The code whose behaviour decides what a file parses and validates to.
_FINGERPRINT_GLOBS = (
    "core/models/*.py",
    "codelists/*.csv",
    "core/codelists.py",
    "core/yamlio.py",
    "core/validation.py",
    "core/errors.py",
    "core/layout.py",
    "core/cache.py",
    "core/cachedir.py",
)


@lru_cache(maxsize=1)
def code_fingerprint() -> bytes:
    import pydantic

    h = hashlib.sha256(f"{__version__}|{sys.version}|{pydantic.VERSION}|{pickle.HIGHEST_PROTOCOL}".encode())
    for pattern in _FINGERPRINT_GLOBS:
        for path in sorted(_PACKAGE.glob(pattern)):
            h.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.digest()


def _key_file() -> Path:
    explicit = current().cache_key_dir
    return (explicit / "stdkit" if explicit else cache_home()) / "cache-hmac-key"


@lru_cache(maxsize=1)
def _mac_key() -> bytes:
    """A random per-user secret, created once; raises OSError when it cannot be kept."""
    path = _key_file()
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key-")
    try:
        os.write(fd, key)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)  # first writer wins; everyone then reads the same key
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)
    key = path.read_bytes()
    if len(key) != 32:
        raise OSError("bad cache key file")
    return key


def enabled() -> bool:
    return current().parse_cache


class ParseCache(ContentCache):
    """One county folder's cache; `lookup` during loading, `stage` for misses, `commit` once the load
    succeeded. Entries (cachedir.ContentCache, in sub-folders) hold the signed pickled object."""

    def __init__(self, root: Path, mac_key: bytes):
        super().__init__(project_cache(root, "parse"), fanout=True)
        self._mac_key = mac_key
        self._pending: dict[str, bytes] = {}

    @classmethod
    def open(cls, root: Path) -> ParseCache | None:
        if not enabled():
            return None
        try:
            return cls(root, _mac_key())
        except OSError:
            return None

    def key(self, *parts: str | bytes) -> str:
        """The entry of (file kind, file bytes) as read by this version of the code."""
        return super().key(code_fingerprint(), *parts)

    def lookup(self, key: str) -> tuple[Any, dict | None] | None:
        blob = self.read(key)
        result = None if blob is None else self._unpack(key, blob)
        if result is None:
            self.misses += 1
        else:
            self.hits += 1
        return result

    def _unpack(self, key: str, blob: bytes) -> tuple[Any, dict | None] | None:
        mac, payload = blob[:_MAC_LEN], blob[_MAC_LEN:]
        if len(mac) != _MAC_LEN or not hmac.compare_digest(mac, self._sign(key, payload)):
            return None
        try:
            stored_key, obj_bytes, positions = marshal.loads(payload)
            if stored_key != key:
                raise ValueError("key mismatch")
            return pickle.loads(obj_bytes), (dict(positions) if positions else None)
        except Exception:  # noqa: BLE001 -- unpickling can raise any type; a bad entry is a miss, never an error
            return None

    def stage(self, key: str, obj: Any, positions: dict | None) -> None:
        """Keep a new entry, to be written by `commit` only if the whole folder loads."""
        try:
            payload = marshal.dumps(
                (
                    key,
                    pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL),
                    list(positions.items()) if positions else [],
                )
            )
        except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
            return  # an object that cannot be stored is simply not cached
        self._pending[key] = self._sign(key, payload) + payload

    def _sign(self, key: str, payload: bytes) -> bytes:
        return hmac.new(self._mac_key, key.encode() + payload, hashlib.sha256).digest()

    def commit(self) -> None:
        """Write the new entries atomically and prune unused ones; failures only lose the cache."""
        if not self._pending:
            return
        try:
            for key, blob in self._pending.items():
                self.put(key, blob)
            self.prune()
        except OSError:
            pass
        self._pending.clear()
