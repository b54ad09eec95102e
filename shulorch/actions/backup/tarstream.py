"""A streaming reader of the tar packs (the GNU format `tar --format=gnu` writes, POSIX ustar and pax
headers too): fed bytes in chunks of any size, it hands each member's name, size and data to a sink,
never holding a member in memory. Snapshot, verify and restore all read packs through it."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Protocol

BLOCK = 512
READ_SIZE = 1 << 20
KINDS = {
    b"0": "file",
    b"\0": "file",
    b"7": "file",
    b"1": "hardlink",
    b"2": "symlink",
    b"3": "device",
    b"4": "device",
    b"5": "dir",
    b"6": "fifo",
}


class TarFormatError(ValueError):
    """The bytes are not a tar archive this reader understands."""


class Sink(Protocol):
    def begin(self, name: str, size: int, kind: str) -> None: ...
    def data(self, chunk: memoryview) -> None: ...
    def end(self) -> None: ...


def _number(field: bytes) -> int:
    if field[:1] and field[0] & 0x80:  # GNU base-256, for sizes of 8 GiB and more
        return int.from_bytes(field[1:], "big")
    text = field.split(b"\0", 1)[0].strip()
    try:
        return int(text, 8) if text else 0
    except ValueError as err:
        raise TarFormatError(f"bad number field {field!r}") from err


class TarReader:
    """Push parser: call ``feed`` with consecutive chunks, then ``close``."""

    __slots__ = (
        "_extra",
        "_longname",
        "_partial",
        "_paxname",
        "_remaining",
        "_sink",
        "_skip",
        "_special",
        "current",
        "ended",
    )

    def __init__(self, sink: Sink) -> None:
        self._sink = sink
        self._partial = bytearray()
        self._remaining = 0  # data bytes left in the current member
        self._skip = 0  # padding bytes left after it
        self._special = b""  # typeflag of a header whose data describes the next member
        self._extra = bytearray()
        self._longname: str | None = None
        self._paxname: str | None = None
        self.current = ""  # name of the member being read (for error messages)
        self.ended = False

    def feed(self, view: memoryview) -> None:
        pos, n = 0, len(view)
        while pos < n:
            if self._remaining:
                k = min(self._remaining, n - pos)
                if self._special:
                    self._extra += view[pos : pos + k]
                else:
                    self._sink.data(view[pos : pos + k])
                pos += k
                self._remaining -= k
                if not self._remaining:
                    self._member_done()
            elif self._skip:
                k = min(self._skip, n - pos)
                pos += k
                self._skip -= k
            elif self.ended:
                return  # the zero blocks and record padding after the end
            elif not self._partial and n - pos >= BLOCK:
                self._header(bytes(view[pos : pos + BLOCK]))
                pos += BLOCK
            else:
                k = min(BLOCK - len(self._partial), n - pos)
                self._partial += view[pos : pos + k]
                pos += k
                if len(self._partial) == BLOCK:
                    header = bytes(self._partial)
                    self._partial.clear()
                    self._header(header)

    def close(self) -> None:
        """Raise TarFormatError when the archive stopped inside a member or before its end."""
        if self._remaining or self._partial or not self.ended:
            where = f" inside member {self.current!r}" if self._remaining else ""
            raise TarFormatError(f"the archive is truncated{where}")

    def _header(self, header: bytes) -> None:
        if header.count(0) == BLOCK:
            self.ended = True
            return
        if header[257:262] != b"ustar":
            raise TarFormatError(f"not a tar header after member {self.current!r}")
        flag = header[156:157]
        size = _number(header[124:136])
        if flag in (b"L", b"K", b"x", b"g"):
            self._special, self._remaining, self._skip = flag, size, -size % BLOCK
            self._extra.clear()
            if not size:
                self._member_done()
            return
        name = header[:100].split(b"\0", 1)[0]
        if header[257:265] == b"ustar\x0000" and header[345] != 0:
            name = header[345:500].split(b"\0", 1)[0] + b"/" + name
        self.current = self._paxname or self._longname or os.fsdecode(name)
        self._longname = self._paxname = None
        kind = KINDS.get(flag, "special")
        self._sink.begin(self.current, size, kind)
        self._remaining, self._skip = size, -size % BLOCK
        if not size:
            self._sink.end()

    def _member_done(self) -> None:
        if not self._special:
            self._sink.end()
            return
        data = bytes(self._extra)
        if self._special == b"L":
            self._longname = os.fsdecode(data.split(b"\0", 1)[0])
        elif self._special == b"x":
            self._paxname = _pax_path(data)
        self._special = b""


def _pax_path(data: bytes) -> str | None:
    """The ``path`` record of a pax extended header, if any."""
    pos = 0
    path = None
    while pos < len(data):
        space = data.find(b" ", pos)
        if space < 0:
            break
        length = int(data[pos:space])
        key, _, value = data[space + 1 : pos + length - 1].partition(b"=")
        if key == b"path":
            path = os.fsdecode(value)
        pos += length
    return path


class DigestSink:
    """Records name -> (size, sha256) of every regular member, and the other members by kind."""

    __slots__ = ("_digest", "_name", "_size", "duplicates", "members", "others")

    def __init__(self) -> None:
        self.members: dict[str, tuple[int, str]] = {}
        self.others: dict[str, str] = {}
        self.duplicates: list[str] = []
        self._digest = hashlib.sha256()
        self._name = ""
        self._size = 0

    def begin(self, name: str, size: int, kind: str) -> None:
        if name in self.members or name in self.others:
            self.duplicates.append(name)
        if kind != "file":
            self.others[name] = kind
        self._name, self._size, self._digest = name, size, hashlib.sha256()

    def data(self, chunk: memoryview) -> None:
        self._digest.update(chunk)

    def end(self) -> None:
        if self._name not in self.others:
            self.members[self._name] = (self._size, self._digest.hexdigest())


def read_pack(path: Path, sink: Sink) -> tuple[int, str]:
    """Feed the pack at ``path`` to ``sink``; returns (size, sha256) of the whole file."""
    whole = hashlib.sha256()
    reader = TarReader(sink)
    buf = bytearray(READ_SIZE)
    view = memoryview(buf)
    size = 0
    with open(path, "rb", buffering=0) as handle:
        while n := handle.readinto(buf):
            whole.update(view[:n])
            reader.feed(view[:n])
            size += n
    reader.close()
    return size, whole.hexdigest()
