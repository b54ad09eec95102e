"""Selection as a table: --phase by number and name, --skip, -s, -k expressions, -t tags, explicit
tasks with their prerequisites, disabled phases and ``when``."""

from __future__ import annotations

import pytest

from shulorch.errors import UsageError
from shulorch.selection import KeywordExpr, SelectOptions, resolve_phase, select
from tests.core.support import make_phase, make_pipeline, make_task

PIPELINE = make_pipeline(
    make_phase(
        "backup",
        1,
        [make_task("backup", "snapshot"), make_task("backup", "verify", ["snapshot"])],
        tags=["safety"],
    ),
    make_phase(
        "codegen",
        2,
        [
            make_task("codegen", "render", ["backup.snapshot"]),
            make_task("codegen", "docs", enabled=False),
        ],
        tags=["build"],
    ),
    make_phase(
        "quality",
        3,
        [make_task("quality", "lint"), make_task("quality", "test", ["lint", "codegen.render"])],
        tags=["build", "checks"],
    ),
    make_phase("deploy", 4, [make_task("deploy", "release", ["quality.test"])], tags=["prod"], enabled=False),
)
ENABLED = ["backup.snapshot", "backup.verify", "codegen.render", "quality.lint", "quality.test"]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (SelectOptions(), ENABLED),
        (SelectOptions(phases=("2",)), ["codegen.render"]),
        (SelectOptions(phases=("codegen",)), ["codegen.render"]),
        (
            SelectOptions(phases=("1", "quality")),
            ["backup.snapshot", "backup.verify", "quality.lint", "quality.test"],
        ),
        (SelectOptions(skip=("backup", "3")), ["codegen.render"]),
        (SelectOptions(phases=("deploy",)), ["deploy.release"]),  # naming a disabled phase runs it
        (SelectOptions(tags=("build",)), ["codegen.render", "quality.lint", "quality.test"]),
        (
            SelectOptions(tags=("safety", "checks")),
            ["backup.snapshot", "backup.verify", "quality.lint", "quality.test"],
        ),
        (SelectOptions(keywords="lint"), ["quality.lint"]),
        (SelectOptions(keywords="lint or snapshot"), ["backup.snapshot", "quality.lint"]),
        (SelectOptions(keywords="quality and not lint"), ["quality.test"]),
        (SelectOptions(keywords="not quality"), ["backup.snapshot", "backup.verify", "codegen.render"]),
        (
            SelectOptions(keywords="(backup or quality) and (verify or test)"),
            ["backup.verify", "quality.test"],
        ),
        (SelectOptions(keywords="not (backup or quality)"), ["codegen.render"]),
        (SelectOptions(keywords="SAFETY"), ["backup.snapshot", "backup.verify"]),  # tags, case-insensitive
        (SelectOptions(keywords="3"), ["quality.lint", "quality.test"]),  # phase number is a keyword
        (SelectOptions(keywords="ren"), ["codegen.render"]),  # substring, as pytest -k
        # an explicit task brings its prerequisites, in order, across phases
        (
            SelectOptions(tasks=("quality.test",)),
            ["backup.snapshot", "codegen.render", "quality.lint", "quality.test"],
        ),
        (SelectOptions(tasks=("backup.*",)), ["backup.snapshot", "backup.verify"]),
    ],
)
def test_select(options: SelectOptions, expected: list[str]) -> None:
    assert [t.name for t in select(PIPELINE, options).tasks] == expected


def test_excluded_tasks_say_why() -> None:
    excluded = {t.name: why for t, why in select(PIPELINE, SelectOptions()).excluded}
    assert excluded == {
        "codegen.docs": "when: false is false",
        "deploy.release": "phase deploy disabled by environment ENABLE_X",
    }


def test_prerequisites_come_first() -> None:
    names = [t.name for t in select(PIPELINE, SelectOptions()).tasks]
    for before, after in [("backup.snapshot", "codegen.render"), ("codegen.render", "quality.test")]:
        assert names.index(before) < names.index(after)


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        (SelectOptions(phases=("9",)), "unknown phase '9'; phases: 1=backup, 2=codegen, 3=quality, 4=deploy"),
        (SelectOptions(phases=("qualty",)), "did you mean 'quality'?"),
        (SelectOptions(skip=("nope",)), "unknown phase 'nope'"),
        (
            SelectOptions(tags=("nightly",)),
            "no phase has the tag 'nightly'; tags in use: build, checks, prod, safety",
        ),
        (SelectOptions(tasks=("quality.tset",)), "unknown task 'quality.tset'; did you mean 'quality.test'?"),
        (SelectOptions(keywords="lint and"), "expected a word"),
        (SelectOptions(keywords="(lint"), "missing ')'"),
        (SelectOptions(keywords="lint)"), "unexpected ')'"),
        (SelectOptions(keywords="or lint"), "expected a word"),
    ],
)
def test_selection_errors(options: SelectOptions, fragment: str) -> None:
    with pytest.raises(UsageError) as err:
        select(PIPELINE, options)
    assert fragment in str(err.value)
    assert err.value.exit_code == 2


@pytest.mark.parametrize(
    ("expr", "keywords", "expected"),
    [
        ("a", {"a"}, True),
        ("a and b", {"a"}, False),
        ("a or b", {"b"}, True),
        ("not a", {"a"}, False),
        ("not not a", {"a"}, True),
        ("a and b or c", {"c"}, True),  # and binds tighter than or
        ("a and (b or c)", {"c"}, False),
        ("a or b and c", {"a"}, True),
        ("(a or b) and c", {"a"}, False),
    ],
)
def test_keyword_expressions(expr: str, keywords: set[str], expected: bool) -> None:
    matcher = KeywordExpr(expr)
    assert matcher.matches(keywords) is expected
    assert matcher.matches(keywords) is expected  # reusable: no state left over from a match


def test_resolve_phase_by_number_and_name() -> None:
    assert resolve_phase("3", PIPELINE.phases).name == "quality"
    assert resolve_phase("quality", PIPELINE.phases).number == 3
