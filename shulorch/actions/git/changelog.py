"""Keep-a-Changelog text: render a release entry, insert it once, and merge two sides' entries (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from shulorch.actions.git.conventional import Commit, Version

HEADER = (
    "# Changelog\n\n"
    "All notable changes to this project are documented in this file.\n\n"
    "The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),\n"
    "and this project adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).\n"
)
# Keep-a-Changelog's own order of categories.
CATEGORIES = ("Added", "Changed", "Deprecated", "Removed", "Fixed", "Security")
_TYPE_CATEGORY = {
    "feat": "Added",
    "fix": "Fixed",
    "perf": "Changed",
    "refactor": "Changed",
    "revert": "Changed",
    "": "Changed",  # not a conventional commit: still a change someone made on purpose
    "deprecate": "Deprecated",
    "remove": "Removed",
    "security": "Security",
}
_HEADING = re.compile(r"^##\s+\[?(?P<label>[^\]\s]+)\]?")
_LINK_DEF = re.compile(r"^\[[^\]]+\]:\s")


def category_of(commit: Commit) -> str | None:
    """The changelog category of a commit; None for housekeeping (docs, chore, ci, test, style, build)."""
    if commit.breaking:
        return _TYPE_CATEGORY.get(commit.type, "Changed")
    return _TYPE_CATEGORY.get(commit.type)


def _bullet(commit: Commit) -> str:
    text = commit.description or commit.subject
    scope = f"**{commit.scope}:** " if commit.scope else ""
    breaking = "**BREAKING:** " if commit.breaking else ""
    return f"- {breaking}{scope}{text} ({commit.short})"


def render_entry(version: Version, date: str, commits: Sequence[Commit]) -> str:
    """The ``## [x.y.z] - date`` section for a release, grouped by category, oldest commit first."""
    groups: dict[str, list[str]] = {}
    for commit in commits:
        category = category_of(commit)
        if category is not None:
            groups.setdefault(category, []).append(_bullet(commit))
    lines = [f"## [{version}] - {date}", ""]
    if not groups:
        lines += ["### Changed", "- Maintenance release: no user-facing changes.", ""]
    for category in CATEGORIES:
        if category in groups:
            lines += [f"### {category}", *groups[category], ""]
    return "\n".join(lines)


def has_release(text: str, version: Version) -> bool:
    """True when the changelog already holds a section for ``version``."""
    return any(_label(line) == str(version) for line in text.splitlines())


def insert_entry(existing: str | None, entry: str, version: Version) -> str:
    """Put ``entry`` above the newest release (below [Unreleased]); unchanged if already there.

    Every other byte of the file is kept: earlier entries are history and are never rewritten.
    """
    if existing is None or not existing.strip():
        return HEADER + "\n" + entry.rstrip("\n") + "\n"
    if has_release(existing, version):
        return existing
    lines = existing.splitlines(keepends=True)
    at = len(lines)
    for index, line in enumerate(lines):
        label = _label(line)
        if label is not None and label.lower() != "unreleased":
            at = index
            break
    else:
        # No release yet: append after the preamble/Unreleased, before any link definitions.
        while at > 0 and (_LINK_DEF.match(lines[at - 1]) or not lines[at - 1].strip()):
            at -= 1
    before = "".join(lines[:at])
    after = "".join(lines[at:])
    if before and not before.endswith("\n"):
        before += "\n"
    if before and not before.endswith("\n\n"):
        before += "\n"
    block = entry.rstrip("\n") + "\n"
    return before + block + ("\n" + after if after else "")


def _label(line: str) -> str | None:
    match = _HEADING.match(line) if line.startswith("## ") else None
    return match["label"] if match else None


@dataclass(slots=True, kw_only=True)
class _Section:
    heading: str
    raw: list[str]
    intro: list[str]
    groups: dict[str, list[str]]  # "### Name" -> items (an item keeps its continuation lines)

    @property
    def key(self) -> str:
        label = _label(self.heading)
        return (label or self.heading).lower()

    def render(self) -> list[str]:
        lines = [self.heading, ""]
        if any(x.strip() for x in self.intro):
            lines += [*self.intro, ""]
        for name, items in self.groups.items():
            lines += [name, *items, ""]
        return lines


def _parse(text: str) -> tuple[list[str], list[_Section], list[str]]:
    preamble: list[str] = []
    sections: list[_Section] = []
    links: list[str] = []
    for line in text.splitlines():
        if _LINK_DEF.match(line):
            links.append(line)
        elif line.startswith("## "):
            sections.append(_Section(heading=line, raw=[line], intro=[], groups={}))
        elif not sections:
            preamble.append(line)
        else:
            _add_line(sections[-1], line)
    return preamble, sections, links


def _add_line(section: _Section, line: str) -> None:
    section.raw.append(line)
    if line.startswith("### "):
        section.groups.setdefault(line.rstrip(), [])
        return
    target = section.groups[next(reversed(section.groups))] if section.groups else section.intro
    if not line.strip():
        return
    if line.startswith(("- ", "* ")) or not target:
        target.append(line)
    else:
        target[-1] += "\n" + line


def _union(first: Iterable[str], second: Iterable[str]) -> list[str]:
    out = list(first)
    seen = {x.strip() for x in out}
    for item in second:
        if item.strip() not in seen:
            out.append(item)
            seen.add(item.strip())
    return out


def _merge_section(ours: _Section, theirs: _Section) -> tuple[list[str], bool]:
    changed = False
    intro = _union(ours.intro, theirs.intro)
    changed |= len(intro) != len(ours.intro)
    groups = {name: list(items) for name, items in ours.groups.items()}
    for name, items in theirs.groups.items():
        merged = _union(groups.get(name, []), items)
        changed |= merged != groups.get(name)
        groups[name] = merged
    if not changed:
        return ours.raw, False
    return _Section(heading=ours.heading, raw=[], intro=intro, groups=groups).render(), True


def _rank(section: _Section, index: int) -> tuple[int, int, int, int]:
    if section.key == "unreleased":
        return (0, 0, 0, index)
    try:
        version = Version.parse(section.key)
    except ValueError:
        return (2, 0, 0, index)
    return (1, -version.major, -version.minor, -version.patch)


def merge_changelogs(ours: str, theirs: str) -> str:
    """Both sides' entries: every release section of either side, newest first, items unioned."""
    preamble, our_sections, our_links = _parse(ours)
    _, their_sections, their_links = _parse(theirs)
    by_key = {s.key: s for s in their_sections}
    merged: list[tuple[tuple[int, int, int, int], list[str]]] = []
    for index, section in enumerate(our_sections):
        other = by_key.pop(section.key, None)
        lines = _merge_section(section, other)[0] if other is not None else section.raw
        merged.append((_rank(section, index), lines))
    for index, section in enumerate(s for s in their_sections if s.key in by_key):
        merged.append((_rank(section, len(our_sections) + index), section.raw))
    merged.sort(key=lambda pair: pair[0])
    out = list(preamble)
    for _, lines in merged:
        body = list(lines)
        while body and not body[-1].strip():
            body.pop()
        if out and out[-1].strip():
            out.append("")
        out += body
    links = _union(our_links, their_links)
    if links:
        out += ["", *links]
    return "\n".join(out).rstrip("\n") + "\n"
