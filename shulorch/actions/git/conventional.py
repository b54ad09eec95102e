"""Conventional-commit parsing and the semantic-version bump it implies (pure: values in, values out)."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

_HEADER = re.compile(r"^(?P<type>[A-Za-z]+)(?:\((?P<scope>[^()\r\n]*)\))?(?P<bang>!)?: (?P<desc>.+)$")
_BREAKING_FOOTER = re.compile(r"^BREAKING[ -]CHANGE: ", re.MULTILINE)
_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


class Bump(enum.IntEnum):
    """How far a release moves the version; ordered so ``max`` picks the strongest."""

    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Bump:
        try:
            return cls[text.strip().upper()]
        except KeyError as err:
            raise ValueError(f"unknown bump {text!r}; use none, patch, minor or major") from err


@dataclass(frozen=True, slots=True, kw_only=True, order=True)
class Version:
    """A plain MAJOR.MINOR.PATCH version (pre-release and build parts are not produced)."""

    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version:
        match = _SEMVER.match(text.strip())
        if match is None:
            raise ValueError(f"{text!r} is not a MAJOR.MINOR.PATCH version")
        return cls(major=int(match[1]), minor=int(match[2]), patch=int(match[3]))

    def bumped(self, bump: Bump) -> Version:
        if bump is Bump.MAJOR:
            return Version(major=self.major + 1, minor=0, patch=0)
        if bump is Bump.MINOR:
            return Version(major=self.major, minor=self.minor + 1, patch=0)
        if bump is Bump.PATCH:
            return Version(major=self.major, minor=self.minor, patch=self.patch + 1)
        return self

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


ZERO = Version(major=0, minor=0, patch=0)


@dataclass(frozen=True, slots=True, kw_only=True)
class Commit:
    """One commit as the release sees it: identity, author and the parsed conventional header."""

    sha: str
    author_name: str
    author_email: str
    subject: str
    body: str = ""
    type: str = ""  # lower-cased conventional type; "" when the subject is not conventional
    scope: str = ""
    description: str = ""
    breaking: bool = False

    @property
    def short(self) -> str:
        return self.sha[:7]

    @property
    def bump(self) -> Bump:
        return bump_for(self.type, breaking=self.breaking)


def bump_for(commit_type: str, *, breaking: bool) -> Bump:
    """feat -> minor, fix -> patch, breaking (``!`` or a BREAKING CHANGE footer) -> major."""
    if breaking:
        return Bump.MAJOR
    if commit_type == "feat":
        return Bump.MINOR
    if commit_type == "fix":
        return Bump.PATCH
    return Bump.NONE


def parse_commit(*, sha: str, author_name: str, author_email: str, message: str) -> Commit:
    """Parse a full commit message; a non-conventional subject gives type "" and bump none."""
    subject, _, body = message.strip("\n").partition("\n")
    body = body.strip("\n")
    header = _HEADER.match(subject.strip())
    if header is None:
        return Commit(sha=sha, author_name=author_name, author_email=author_email, subject=subject, body=body)
    return Commit(
        sha=sha,
        author_name=author_name,
        author_email=author_email,
        subject=subject,
        body=body,
        type=header["type"].lower(),
        scope=(header["scope"] or "").strip(),
        description=header["desc"].strip(),
        breaking=bool(header["bang"]) or bool(_BREAKING_FOOTER.search(body)),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class BumpDecision:
    """The bump a set of commits implies, and the commits that forced it (the "why")."""

    bump: Bump
    reasons: tuple[Commit, ...]

    def explain(self) -> str:
        if not self.reasons and self.bump is Bump.NONE:
            return "none: no feat, fix or breaking commit since the previous release"
        if not self.reasons:
            return f"{self.bump.label}: the configured minimum bump (no feat, fix or breaking commit)"
        kinds = {Bump.MAJOR: "breaking change", Bump.MINOR: "feat", Bump.PATCH: "fix"}
        shown = ", ".join(f"{c.short} {c.subject!r}" for c in self.reasons[:5])
        more = f" and {len(self.reasons) - 5} more" if len(self.reasons) > 5 else ""
        return f"{self.bump.label}: {kinds[self.bump]} in {shown}{more}"


def decide_bump(commits: Iterable[Commit], *, minimum: Bump = Bump.NONE) -> BumpDecision:
    """The strongest bump among ``commits`` (at least ``minimum`` when there is any commit)."""
    listed = tuple(commits)
    strongest = max((c.bump for c in listed), default=Bump.NONE)
    reasons = tuple(c for c in listed if strongest is not Bump.NONE and c.bump is strongest)
    if listed and strongest < minimum:
        return BumpDecision(bump=minimum, reasons=())
    return BumpDecision(bump=strongest, reasons=reasons)
