"""Release tag names from a pattern such as ``v{version}-{date:%Y%m%d-%H%M%S}``, and back (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from shulorch.actions.git.conventional import Version

DEFAULT_TAG_PATTERN = "v{version}-{date:%Y%m%d-%H%M%S}"

_FIELD = re.compile(r"\{(version|date(?::([^{}]*))?)\}")
_STRFTIME_RE = {
    "%Y": r"\d{4}",
    "%m": r"\d{2}",
    "%d": r"\d{2}",
    "%H": r"\d{2}",
    "%M": r"\d{2}",
    "%S": r"\d{2}",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class TagPattern:
    """A validated tag pattern: ``{version}`` exactly once, ``{date:<strftime>}`` optional."""

    text: str

    @classmethod
    def parse(cls, text: str) -> TagPattern:
        fields = [m[1] for m in _FIELD.finditer(text)]
        if fields.count("version") != 1:
            raise ValueError(f"tag pattern {text!r} must contain {{version}} exactly once")
        leftover = _FIELD.sub("", text)
        if "{" in leftover or "}" in leftover:
            raise ValueError(f"tag pattern {text!r}: only {{version}} and {{date:<strftime>}} fields exist")
        return cls(text=text)

    def render(self, version: Version, now: datetime) -> str:
        """The tag for ``version`` released at ``now``."""

        def field(match: re.Match[str]) -> str:
            if match[1] == "version":
                return str(version)
            return now.strftime(match[2] if match[2] is not None else "%Y%m%d-%H%M%S")

        return _FIELD.sub(field, self.text)

    def regex(self) -> re.Pattern[str]:
        """A regex matching every tag this pattern can render, capturing ``version``."""
        parts: list[str] = []
        pos = 0
        for match in _FIELD.finditer(self.text):
            parts.append(re.escape(self.text[pos : match.start()]))
            if match[1] == "version":
                parts.append(r"(?P<version>(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*))")
            else:
                parts.append(_date_regex(match[2] if match[2] is not None else "%Y%m%d-%H%M%S"))
            pos = match.end()
        parts.append(re.escape(self.text[pos:]))
        return re.compile("^" + "".join(parts) + "$")

    def version_of(self, tag: str) -> Version | None:
        """The version a tag of this pattern carries, or None when the tag is not one of ours."""
        match = self.regex().match(tag)
        return Version.parse(match["version"]) if match else None


def _date_regex(fmt: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(fmt):
        code = fmt[i : i + 2]
        if code in _STRFTIME_RE:
            out.append(_STRFTIME_RE[code])
            i += 2
        elif fmt[i] == "%":
            out.append(r"[^/]+?")  # a strftime code we do not model: accept any run of characters
            i += 2
        else:
            out.append(re.escape(fmt[i]))
            i += 1
    return "".join(out)
