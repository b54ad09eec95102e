"""Readers of every report format, as tables of documented samples."""

# The samples keep the tools' one-element-per-line layout, so some lines are long.
# ruff: noqa: E501

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shulorch.actions.quality.findings import Severity, read_checkstyle, read_sarif
from shulorch.actions.quality.lint import parse_lint_output
from shulorch.actions.quality.parsers import (
    parse_json_findings,
    read_composer_validate,
    read_php_cs_fixer_json,
    read_phpmd_xml,
    read_phpstan_json,
    read_psalm_json,
)
from shulorch.actions.quality.reports import parse_clover, parse_cobertura, parse_junit

CHECKSTYLE = """<?xml version="1.0" encoding="UTF-8"?>
<checkstyle version="3.7.1">
<file name="/proj/app/A.php">
 <error line="3" column="1" severity="error" message="Opening brace should be on a new line" source="PSR12.X"/>
 <error line="9" column="5" severity="warning" message="Line exceeds 120 characters" source="Generic.Files.LineLength"/>
</file>
<file name="/proj/app/B.php"></file>
</checkstyle>"""

SARIF = {
    "version": "2.1.0",
    "runs": [
        {
            "tool": {
                "driver": {
                    "name": "PHPMD",
                    "rules": [
                        {"id": "Design/Eval", "properties": {"priority": 1}},
                        {"id": "Naming/Short", "properties": {"priority": 3}},
                        {"id": "X/Lvl", "defaultConfiguration": {"level": "note"}},
                    ],
                }
            },
            "originalUriBaseIds": {"WORKINGDIR": {"uri": "file:///proj/"}},
            "results": [
                {
                    "ruleId": "Design/Eval",
                    "ruleIndex": 0,
                    "message": {"text": "eval used"},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": "app/A.php", "uriBaseId": "WORKINGDIR"},
                                "region": {"startLine": 4},
                            }
                        }
                    ],
                },
                {
                    "ruleId": "Naming/Short",
                    "message": {"text": "short"},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": "file:///proj/app/B.php"},
                                "region": {"startLine": 7},
                            }
                        }
                    ],
                },
                {
                    "ruleId": "X/Lvl",
                    "ruleIndex": 2,
                    "level": "error",
                    "message": {"text": "explicit level wins"},
                },
                {"ruleId": "X/Lvl", "ruleIndex": 2, "message": {"text": "rule default level"}},
            ],
        }
    ],
}


def test_checkstyle_reads_every_error_with_relative_paths() -> None:
    found = read_checkstyle(CHECKSTYLE, tool="phpcs", base=Path("/proj"))
    assert [(f.file, f.line, f.severity, f.rule) for f in found] == [
        ("app/A.php", 3, Severity.ERROR, "PSR12.X"),
        ("app/A.php", 9, Severity.WARNING, "Generic.Files.LineLength"),
    ]
    assert found[0].describe() == "app/A.php:3: error: Opening brace should be on a new line [PSR12.X]"


def test_sarif_levels_come_from_result_rule_or_priority() -> None:
    found = read_sarif(json.dumps(SARIF), base=Path("/proj"))
    assert [(f.tool, f.file, f.line, f.severity.value) for f in found] == [
        ("phpmd", "app/A.php", 4, "error"),
        ("phpmd", "app/B.php", 7, "warning"),
        ("phpmd", "", 0, "error"),
        ("phpmd", "", 0, "info"),
    ]


def test_xml_reader_refuses_entity_expansion() -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><checkstyle>&a;</checkstyle>'
    with pytest.raises(Exception, match=r"(?i)entit"):
        read_checkstyle(bomb, tool="phpcs")


PHPSTAN = {  # phpstan's documented --error-format=json shape
    "totals": {"errors": 1, "file_errors": 2},
    "files": {
        "/proj/app/A.php": {
            "errors": 2,
            "messages": [
                {
                    "message": "Undefined variable: $x",
                    "line": 12,
                    "ignorable": True,
                    "identifier": "variable.undefined",
                },
                {"message": "Method A::f() has no return type specified.", "line": 20, "ignorable": True},
            ],
        },
    },
    "errors": ["Ignored error pattern #foo# was not matched in reported errors."],
}

PSALM = [  # psalm --output-format=json
    {
        "severity": "error",
        "line_from": 5,
        "line_to": 5,
        "type": "UndefinedVariable",
        "message": "Cannot find $y",
        "file_name": "app/A.php",
        "file_path": "/proj/app/A.php",
        "snippet": "echo $y;",
        "from": 40,
        "to": 42,
        "column_from": 6,
        "column_to": 8,
        "shortcode": 24,
        "link": "https://psalm.dev/024",
    },
    {
        "severity": "info",
        "line_from": 8,
        "line_to": 8,
        "type": "MissingReturnType",
        "message": "no type",
        "file_name": "app/B.php",
        "file_path": "/proj/app/B.php",
    },
]

CS_FIXER = {  # php-cs-fixer fix --dry-run --diff --format=json
    "files": [
        {
            "name": "app/A.php",
            "appliedFixers": ["braces", "no_unused_imports"],
            "diff": "--- app/A.php\n+++ app/A.php\n@@ -14,7 +14,6 @@\n-use Foo;\n",
        },
        {"name": "app/C.php"},
    ],
    "time": {"total": 0.12},
    "memory": 12.0,
}

PHPMD_XML = """<?xml version="1.0" encoding="UTF-8" ?>
<pmd version="2.13.0" timestamp="2026-01-01T00:00:00+00:00">
  <file name="/proj/app/A.php">
    <violation beginline="4" endline="4" rule="EvalExpression" ruleset="Design Rules" priority="1">
      The function f() contains an eval expression.
    </violation>
    <violation beginline="3" endline="3" rule="UnusedLocalVariable" ruleset="Unused Code Rules" priority="3">
      Avoid unused local variables such as '$u'.
    </violation>
  </file>
  <error filename="/proj/app/Broken.php" msg="Unexpected token: }, line: 7" />
</pmd>"""


@pytest.mark.parametrize(
    ("reader", "text", "expected"),
    [
        (
            read_phpstan_json,
            json.dumps(PHPSTAN),
            [
                ("phpstan", "app/A.php", 12, "error", "variable.undefined"),
                ("phpstan", "app/A.php", 20, "error", ""),
                ("phpstan", "", 0, "error", ""),
            ],
        ),
        (
            read_psalm_json,
            json.dumps(PSALM),
            [
                ("psalm", "app/A.php", 5, "error", "UndefinedVariable"),
                ("psalm", "app/B.php", 8, "info", "MissingReturnType"),
            ],
        ),
        (
            read_php_cs_fixer_json,
            json.dumps(CS_FIXER),
            [
                ("php-cs-fixer", "app/A.php", 14, "error", "braces"),
                ("php-cs-fixer", "app/A.php", 14, "error", "no_unused_imports"),
                ("php-cs-fixer", "app/C.php", 0, "error", "php-cs-fixer"),
            ],
        ),
        (
            read_phpmd_xml,
            PHPMD_XML,
            [
                ("phpmd", "app/A.php", 4, "error", "EvalExpression"),
                ("phpmd", "app/A.php", 3, "warning", "UnusedLocalVariable"),
                ("phpmd", "app/Broken.php", 0, "error", "ProcessingError"),
            ],
        ),
    ],
)
def test_tool_reports(reader, text, expected) -> None:  # type: ignore[no-untyped-def]
    found = reader(text, base=Path("/proj"))
    assert [(f.tool, f.file, f.line, f.severity.value, f.rule) for f in found] == expected
    assert all(f.message for f in found)


COMPOSER_STRICT = """./composer.json is valid for simple usage with Composer but has
strict errors that make it unable to be published as a package
See https://getcomposer.org/doc/04-schema.md for details on the schema
# Publish errors
- description : The property description is required
# General warnings
- No license specified, it is recommended to do so.
"""
COMPOSER_BROKEN = """
In JsonFile.php line 347:

  "./composer.json" does not contain valid JSON
  Parse error on line 1:

validate [--no-check-all] [--strict] [--] [<file>]
"""


@pytest.mark.parametrize(
    ("output", "strict", "expected"),
    [
        ("./composer.json is valid\n", True, []),
        (
            COMPOSER_STRICT,
            True,
            [
                ("error", "description : The property description is required"),
                ("error", "No license specified, it is recommended to do so."),
            ],
        ),
        (
            COMPOSER_STRICT,
            False,
            [
                ("error", "description : The property description is required"),
                ("warning", "No license specified, it is recommended to do so."),
            ],
        ),
        (
            COMPOSER_BROKEN,
            True,
            [("error", '"./composer.json" does not contain valid JSON Parse error on line 1:')],
        ),
    ],
)
def test_composer_validate_output(output: str, strict: bool, expected: list[tuple[str, str]]) -> None:
    found = read_composer_validate(output, strict=strict)
    assert [(f.severity.value, f.message) for f in found] == expected


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("No syntax errors detected in app/A.php\n", []),
        (
            '\nParse error: syntax error, unexpected token "}", expecting ";" in app/A.php on line 4\n'
            "Errors parsing app/A.php\n",
            [(4, 'syntax error, unexpected token "}", expecting ";"', "parse-error")],
        ),
        (
            "PHP Fatal error:  Cannot redeclare f() in app/A.php on line 9\n",
            [(9, "Cannot redeclare f()", "fatal-error")],
        ),
    ],
)
def test_php_lint_output(output: str, expected: list[tuple[int, str, str]]) -> None:
    found = parse_lint_output(output, "app/A.php")
    assert [(f.line, f.message, f.rule) for f in found] == expected
    assert all(f.file == "app/A.php" for f in found)


def test_own_json_round_trip() -> None:
    found = read_checkstyle(CHECKSTYLE, tool="phpcs", base=Path("/proj"))
    again = parse_json_findings(json.dumps({"findings": [f.as_dict() for f in found]}))
    assert again == found


# phpunit 9 nests suites and repeats totals at each level; only test cases count.
JUNIT = """<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="all" tests="5" assertions="5" errors="1" failures="1" skipped="1" time="0.5">
    <testsuite name="Tests\\ATest" tests="5" errors="1" failures="1" skipped="1" time="0.5">
      <testsuite name="Tests\\ATest::testData" tests="2" time="0.2">
        <testcase name="testData with data set #0" class="Tests\\ATest" file="/p/ATest.php" line="9" time="0.1"/>
        <testcase name="testData with data set #1" class="Tests\\ATest" time="0.1">
          <failure type="PHPUnit\\Framework\\ExpectationFailedException">Tests\\ATest::testData with data set #1
Failed asserting that 2 is identical to 3.

/p/ATest.php:12</failure>
        </testcase>
      </testsuite>
      <testcase name="testBoom" class="Tests\\ATest" time="0.05"><error type="Error">Call to undefined function</error></testcase>
      <testcase name="testLater" class="Tests\\ATest" time="0"><skipped/></testcase>
      <testcase name="testOk" classname="Tests.ATest" time="0.15"/>
    </testsuite>
  </testsuite>
</testsuites>"""


def test_junit_counts_test_cases_not_suite_totals() -> None:
    s = parse_junit(JUNIT)
    assert (s.tests, s.passed, s.failed, s.errors, s.skipped) == (5, 2, 1, 1, 1)
    assert s.duration == pytest.approx(0.4)
    assert [p.name for p in s.problems] == [
        "Tests\\ATest::testData with data set #1",
        "Tests\\ATest::testBoom",
    ]
    assert s.problems[0].message == "Failed asserting that 2 is identical to 3. (/p/ATest.php:12)"
    assert parse_junit(JUNIT, base=Path("/p")).problems[0].message.endswith("(ATest.php:12)")


CLOVER = """<?xml version="1.0" encoding="UTF-8"?>
<coverage generated="1"><project timestamp="1">
  <file name="/p/app/A.php">
    <class name="A"><metrics statements="3" coveredstatements="2"/></class>
    <line num="5" type="method" name="f" count="1"/>
    <line num="7" type="stmt" count="1"/><line num="8" type="stmt" count="0"/><line num="9" type="stmt" count="4"/>
  </file>
  <file name="/p/app/B.php"><line num="3" type="stmt" count="0"/></file>
  <metrics files="2" statements="4" coveredstatements="2"/>
</project></coverage>"""

COBERTURA = """<?xml version="1.0"?>
<coverage line-rate="0.5"><packages><package name="app"><classes>
  <class name="A" filename="app/A.php"><methods><method name="f"><lines><line number="7" hits="1"/></lines></method>
  </methods><lines><line number="7" hits="1"/><line number="8" hits="0"/></lines></class>
</classes></package></packages></coverage>"""


def test_coverage_readers() -> None:
    clover = parse_clover(CLOVER)
    assert (clover.lines_covered, clover.lines_valid, clover.percent) == (2, 4, 50.0)
    cobertura = parse_cobertura(COBERTURA)
    assert (cobertura.lines_covered, cobertura.lines_valid, cobertura.percent) == (1, 2, 50.0)
