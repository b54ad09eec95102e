"""Build the pipeline model from pipeline.yaml: parse, validate against the schema, resolve
settings, expand ``foreach``, render templates, resolve dependencies. Every problem names
file:line:col. Only imported when the load cache misses."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shulorch.errors import PipelineError
from shulorch.interpolate import InterpolationError, Renderer, parse_bool
from shulorch.loadcache import glob_matches
from shulorch.loader import LoadOptions, shown_path
from shulorch.model import Phase, Pipeline, Task, Uptodate
from shulorch.schema import validate_doc
from shulorch.settings import SettingError, resolve_settings
from shulorch.yamlsource import Key, SourceDoc, load_yaml_file


def build_pipeline(path: Path, options: LoadOptions) -> tuple[Pipeline, Any]:
    """The pipeline and the foreach globs it used (for the load cache)."""
    doc = load_yaml_file(path, shown_path(path, Path.cwd()))
    problems = validate_doc(doc)
    if problems:
        raise PipelineError("invalid pipeline", tuple(problems))
    overlay = _load_overlay(options.config_file)
    env = ReadEnv(options.env)
    builder = _Builder(
        doc=doc, overlay=overlay, env=env, project_dir=path.resolve().parent, run_id=options.run_id
    )
    return builder.build(options.cli_settings), (tuple(builder.globs), dict(env.reads))


def _load_overlay(config: Path | None) -> SourceDoc | None:
    if config is None:
        return None
    doc = load_yaml_file(config, shown_path(config, Path.cwd()))
    problems = validate_doc(doc, "config.schema.json")
    if problems:
        raise PipelineError("invalid config overlay", tuple(problems))
    return doc


class ReadEnv(dict[str, str]):
    """The environment, remembering every name the pipeline looked up (and what it found), so the
    load cache can tell whether the variables this pipeline uses changed, ignoring all others."""

    def __init__(self, env: Mapping[str, str]) -> None:
        super().__init__(env)
        self.reads: dict[str, str | None] = {}

    def __getitem__(self, name: str) -> str:
        self.reads[name] = super().get(name)
        return super().__getitem__(name)

    def get(self, name: str, default: Any = None) -> Any:
        self.reads[name] = super().get(name)
        return super().get(name, default)

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str):
            self.reads[name] = super().get(name)
        return super().__contains__(name)


@dataclass(slots=True)
class _Builder:
    doc: SourceDoc
    overlay: SourceDoc | None
    env: Mapping[str, str]
    project_dir: Path
    run_id: str = "plan"
    top_env: dict[str, str] = field(default_factory=dict)
    globs: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    renderer: Renderer = field(init=False)

    def __post_init__(self) -> None:
        self.renderer = Renderer(self.env)

    def problem(self, path: tuple[Key, ...], message: str, doc: SourceDoc | None = None) -> None:
        src = doc or self.doc
        self.problems.append(f"{src.where(path)}: {'.'.join(map(str, path))}: {message}")

    def render(self, value: Any, context: Mapping[str, Any], path: tuple[Key, ...]) -> Any:
        try:
            return self.renderer.value(value, context)
        except InterpolationError as err:
            self.problem(path, str(err))
            return value

    def build(self, cli_settings: Mapping[str, Any]) -> Pipeline:
        data = self.doc.data
        vars_ = self._vars()
        context: dict[str, Any] = {
            "vars": vars_,
            "env": self.env,
            "project": data.get("project", ""),
            "run_id": self.run_id,
        }
        settings, sources = self._settings(context, cli_settings)
        top_env = {k: _env_str(v) for k, v in self.render(data.get("env", {}), context, ("env",)).items()}
        self.top_env = top_env  # part of every task's env, so a change reruns the tasks
        phases = [
            self._phase(name, raw, i + 1, context, settings)
            for i, (name, raw) in enumerate(data["phases"].items())
        ]
        self._check_numbers(phases)
        self._check_overlay_phases([p.name for p in phases])
        if not self.problems:
            self._check_references(phases)
        if self.problems:
            raise PipelineError("invalid pipeline", tuple(self.problems))
        return Pipeline(
            file=self.doc.file,
            project=str(data.get("project", self.project_dir.name)),
            phases=tuple(phases),
            settings=settings,
            vars=vars_,
            env=top_env,
            setting_sources=sources,
        )

    def _vars(self) -> dict[str, Any]:
        # `$${` escapes stay in vars: their values are substituted again where a task uses them.
        vars_: dict[str, Any] = dict(self._render_vars(self.doc))
        if self.overlay is not None:
            vars_.update(self._render_vars(self.overlay))
        return vars_

    def _render_vars(self, doc: SourceDoc) -> Any:
        try:
            return self.renderer.value(doc.data.get("vars", {}), {}, keep_escapes=True)
        except InterpolationError as err:
            self.problem(("vars",), str(err), doc)
            return {}

    def _settings(self, context: Mapping[str, Any], cli: Mapping[str, Any]) -> tuple[Any, dict[str, str]]:
        layers = []
        for doc in (self.doc, self.overlay):
            if doc is None:
                continue
            raw = self.render(doc.data.get("settings", {}), context, ("settings",))
            where = {k: f"{doc.where(('settings', k))}: settings.{k}" for k in raw}
            layers.append((where, raw))
        try:
            return resolve_settings(tuple(layers), self.env, cli)
        except SettingError as err:
            raise PipelineError(str(err)) from err

    def _phase(
        self, name: str, raw: Mapping[str, Any], position: int, context: Mapping[str, Any], settings: Any
    ) -> Phase:
        path: tuple[Key, ...] = ("phases", name)
        enabled, why = self._enabled(name, raw, context)
        ctx = {**context, "phase": name}
        phase_env = {
            **self.top_env,
            **{k: _env_str(v) for k, v in self.render(raw.get("env", {}), ctx, (*path, "env")).items()},
        }
        tasks: list[Task] = []
        for task_name, task_raw in raw["tasks"].items():
            tasks.extend(self._tasks(name, task_name, task_raw, ctx, settings, phase_env))
        return Phase(
            name=name,
            number=int(raw.get("number", position)),
            title=raw.get("title", ""),
            description=raw.get("description", ""),
            tags=tuple(raw.get("tags", ())),
            enabled=enabled,
            disabled_reason=why,
            needs=tuple(raw.get("needs", ())),
            always=bool(raw.get("finally", False)),
            tasks=tuple(tasks),
            where=self.doc.where(path),
        )

    def _enabled(self, name: str, raw: Mapping[str, Any], context: Mapping[str, Any]) -> tuple[bool, str]:
        """Phase switch: ENABLE_<PHASE> in the environment > overlay > pipeline.yaml."""
        var = "ENABLE_" + name.upper().replace("-", "_")
        candidates: list[tuple[Any, str, tuple[Key, ...], SourceDoc]] = [
            (raw.get("enabled", True), "pipeline.yaml `enabled`", ("phases", name, "enabled"), self.doc)
        ]
        overlay_phase = (self.overlay.data.get("phases") or {}).get(name) if self.overlay else None
        if self.overlay is not None and isinstance(overlay_phase, dict) and "enabled" in overlay_phase:
            candidates.append(
                (
                    overlay_phase["enabled"],
                    "config overlay",
                    ("phases", name, "enabled"),
                    self.overlay,
                )
            )
        if self.env.get(var, "") != "":
            candidates.append((self.env[var], f"environment {var}", ("phases", name), self.doc))
        value, source, path, doc = candidates[-1]
        rendered = self.render(value, context, path) if isinstance(value, str) else value
        flag = parse_bool(rendered)
        if flag is None:
            self.problem(path, f"enabled resolved to {rendered!r} ({source}); use true or false", doc)
            return True, ""
        return flag, "" if flag else f"disabled by {source}"

    def _tasks(
        self,
        phase: str,
        name: str,
        raw: Mapping[str, Any],
        context: Mapping[str, Any],
        settings: Any,
        phase_env: Mapping[str, str],
    ) -> list[Task]:
        path: tuple[Key, ...] = ("phases", phase, "tasks", name)
        base = f"{phase}.{name}"
        cwd = self.render(raw.get("cwd", "."), context, (*path, "cwd"))
        if "foreach" not in raw:
            return [
                self._task(
                    base,
                    phase,
                    raw,
                    {**context, "task": name},  # no `item`: using it outside foreach is an error
                    settings,
                    phase_env,
                    None,
                    cwd,
                    path,
                )
            ]
        items = self._items(raw["foreach"], context, cwd, (*path, "foreach"))
        labels = _labels(items, paths=isinstance(raw["foreach"], str))
        seen: dict[str, Any] = {}
        for item, label in zip(items, labels, strict=True):
            if label in seen:
                self.problem(
                    (*path, "foreach"),
                    f"items {seen[label]!r} and {item!r} both give the task name {base}[{label}]; "
                    "make the items distinct",
                )
                return []
            seen[label] = item
        return [
            self._task(
                f"{base}[{label}]",
                phase,
                raw,
                {**context, "task": name, "item": item},
                settings,
                phase_env,
                item,
                cwd,
                path,
            )
            for item, label in zip(items, labels, strict=True)
        ]

    def _items(self, spec: Any, context: Mapping[str, Any], cwd: str, path: tuple[Key, ...]) -> list[Any]:
        if isinstance(spec, list):
            return [self.render(v, context, path) for v in spec]
        pattern = self.render(spec, context, path)
        root = self.project_dir / cwd
        found = list(glob_matches(str(root), pattern))
        self.globs.append((str(root), pattern, tuple(found)))
        if not found:
            self.problem(
                path, f"the glob {pattern!r} matches no file under {shown_path(root, self.project_dir)}"
            )
        return found

    def _task(
        self,
        full: str,
        phase: str,
        raw: Mapping[str, Any],
        ctx: Mapping[str, Any],
        settings: Any,
        phase_env: Mapping[str, str],
        item: Any,
        cwd: str,
        path: tuple[Key, ...],
    ) -> Task:
        run = raw.get("run", ())
        run = (run,) if isinstance(run, str) else tuple(run)
        uptodate, command = _uptodate(raw.get("uptodate"))
        when = raw.get("when", True)
        enabled, why = True, ""
        if "when" in raw:
            rendered = self.render(when, ctx, (*path, "when")) if isinstance(when, str) else when
            flag = parse_bool(rendered)
            if flag is None:
                self.problem((*path, "when"), f"when resolved to {rendered!r}; it must be true or false")
            enabled, why = bool(flag), "" if flag else f"when: {when} is false"
        # phase_env is rendered already; rendering it again would undo `$${` escapes.
        own_env = self.render({k: _env_str(v) for k, v in raw.get("env", {}).items()}, ctx, (*path, "env"))
        env = {**phase_env, **own_env}
        task = Task(
            name=full,
            phase=phase,
            base=f"{phase}.{path[-1]}",
            where=self.doc.where(path),
            title=raw.get("title", raw.get("description", "")),
            run=tuple(self.render(list(run), ctx, (*path, "run"))),
            action=raw.get("action"),
            args=self.render(raw.get("with", {}), ctx, (*path, "with")),
            file_dep=tuple(self.render(raw.get("file_dep", []), ctx, (*path, "file_dep"))),
            targets=tuple(self.render(raw.get("targets", []), ctx, (*path, "targets"))),
            deps=tuple(d if "." in d else f"{phase}.{d}" for d in raw.get("deps", ())),
            uptodate=uptodate,
            uptodate_command=self.render(command, ctx, (*path, "uptodate")),
            env=env,
            cwd=cwd,
            timeout=float(raw.get("timeout", settings.timeout)),
            retries=int(raw.get("retries", settings.retries)),
            item=item,
            enabled=enabled,
            disabled_reason=why,
        )
        return dataclasses.replace(task, digest=task.definition_digest())

    def _check_overlay_phases(self, names: list[str]) -> None:
        """A switch for a phase that does not exist is a typo, not a no-op."""
        if self.overlay is None:
            return
        from shulorch.graph import suggest

        for name in self.overlay.data.get("phases", {}):
            if name not in names:
                self.problem(("phases", name), f"unknown phase {name!r}{suggest(name, names)}", self.overlay)

    def _check_numbers(self, phases: list[Phase]) -> None:
        seen: dict[int, str] = {}
        for p in phases:
            if p.number in seen:
                self.problem(
                    ("phases", p.name), f"phase number {p.number} is already used by {seen[p.number]!r}"
                )
            seen[p.number] = p.name

    def _check_references(self, phases: list[Phase]) -> None:
        from shulorch.actions.registry import action_table
        from shulorch.graph import find_cycle, suggest

        names = [p.name for p in phases]
        bases = {t.base for p in phases for t in p.tasks}
        actions = action_table()
        for p in phases:
            for i, need in enumerate(p.needs):
                if need not in names:
                    self.problem(
                        ("phases", p.name, "needs", i), f"unknown phase {need!r}{suggest(need, names)}"
                    )
            for t in p.tasks:
                tpath = ("phases", p.name, "tasks", t.base.split(".", 1)[1])
                for i, dep in enumerate(t.deps):
                    if dep not in bases:
                        self.problem(
                            (*tpath, "deps", i), f"unknown task {dep!r}{suggest(dep, sorted(bases))}"
                        )
                if t.action and t.action not in actions:
                    self.problem(
                        (*tpath, "action"), f"unknown action {t.action!r}{suggest(t.action, sorted(actions))}"
                    )
        if not self.problems:
            cycle = find_cycle(phases)
            if cycle:
                self.problem(("phases",), "dependency cycle: " + " -> ".join(cycle))


def _uptodate(value: str | None) -> tuple[Uptodate, str]:
    if value is None:
        return Uptodate.AUTO, ""
    if value in ("never", "run_once"):
        return Uptodate(value), ""
    return Uptodate.COMMAND, value


def _env_str(value: Any) -> str:
    """Environment values are strings; YAML booleans become true/false, as a shell would write them."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _labels(items: list[Any], paths: bool) -> list[str]:
    """Short labels for foreach items: for glob matches, file stems when unique; else the items."""
    stems = [Path(str(i)).stem for i in items] if paths else []
    plain = stems if paths and len(set(stems)) == len(stems) else [str(i) for i in items]
    return [s.replace("[", "(").replace("]", ")") for s in plain]
