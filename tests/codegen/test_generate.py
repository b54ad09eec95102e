"""codegen.generate: first generation, no-op, three-way merge on update, conflicts, trust, cookiecutter."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from shulorch.actions.codegen import generate, mirror
from shulorch.errors import ActionError
from tests.codegen.conftest import FIXTURES, REPO, SPEC, generate_args
from tests.helpers import make_context

CONTROLLER = "Controllers/TeachersController.php"
SERVICE = "Services/TeacherService.php"
SERVICE_TPL = "template/Services/*Service{% endyield %}.php.jinja"


def _module(app: Path) -> Path:
    return app / "app" / "Modules" / "Teachers"


def _answers(app: Path) -> dict[str, object]:
    loaded: dict[str, object] = yaml.safe_load((_module(app) / ".copier-answers.yml").read_text())
    return loaded


def _edit_template(template: Path, relative_glob: str, old: str, new: str) -> None:
    path = next(template.glob(relative_glob))
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_first_generation_writes_the_module_and_its_answers(
    tmp_path: Path, app: Path, template: Path
) -> None:
    ctx = make_context(tmp_path)
    result = generate.run(ctx, generate_args(app, template))

    module = _module(app)
    assert result.metrics["status"] == "created"
    assert result.metrics["files_written"] == 12
    assert result.metrics["endpoints"] == 5
    for rel in (
        "Config/Routes.php",
        CONTROLLER,
        SERVICE,
        "Models/TeacherModel.php",
        "Entities/Teacher.php",
        "Repositories/TeacherRepositoryInterface.php",
        "Repositories/TeacherRepository.php",
        "Database/Migrations/2024-02-01-090000_CreateTeachersTable.php",
        "Tests/TeachersApiTest.php",
        "Tests/TeacherServiceTest.php",
        "openapi.fragment.yaml",
    ):
        assert (module / rel).is_file(), rel
    answers = _answers(app)
    assert answers["_commit"] == mirror.commit_id(mirror.tree_id(template))
    assert answers["_src_path"] == "generators/ci4-module"
    assert answers["module_name"] == "Teachers"
    routes = (module / "Config/Routes.php").read_text()
    assert "'controller'  => '\\App\\Modules\\Teachers\\Controllers\\TeachersController'" in routes
    model = (module / "Models/TeacherModel.php").read_text()
    assert "'email' => 'required|valid_email|max_length[190]|is_unique[teachers.email,id,{id}]'" in model
    assert "'id' => 'permit_empty|is_natural_no_zero'" in model


def test_a_second_run_changes_nothing_and_does_not_import_copier(
    tmp_path: Path, app: Path, template: Path
) -> None:
    generate.run(make_context(tmp_path), generate_args(app, template))
    before = {p: p.read_bytes() for p in _module(app).rglob("*") if p.is_file()}
    script = (
        "import sys\nfrom pathlib import Path\nfrom tests.helpers import make_context\n"
        "from shulorch.actions.codegen import generate\n"
        f"r = generate.run(make_context(Path({str(tmp_path)!r})), {generate_args(app, template)!r})\n"
        "print(r.metrics['status'], 'copier' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert out.stdout.split() == ["unchanged", "False"]
    assert before == {p: p.read_bytes() for p in _module(app).rglob("*") if p.is_file()}


def test_edits_survive_a_template_change(tmp_path: Path, app: Path, template: Path) -> None:
    ctx = make_context(tmp_path)
    generate.run(ctx, generate_args(app, template))
    service = _module(app) / SERVICE
    edited = service.read_text().rstrip().removesuffix("}") + (
        "\n    public function count(): int\n    {\n        return count($this->list());\n    }\n}\n"
    )
    service.write_text(edited)
    _edit_template(
        template, "template/Services/*Service{% endyield %}.php.jinja", "Use cases of", "Use cases for"
    )
    _edit_template(template, "template/Controllers/*.jinja", "Send a JSON object", "Send one JSON object")

    result = generate.run(ctx, generate_args(app, template))

    text = service.read_text()
    assert "public function count(): int" in text  # the developer's edit
    assert "Use cases for teachers" in text  # the template change, merged in
    assert "Send one JSON object" in (_module(app) / CONTROLLER).read_text()
    assert result.metrics["status"] == "updated"
    assert result.metrics["files_merged"] == 1
    assert _answers(app)["_commit"] == mirror.commit_id(mirror.tree_id(template))


def test_a_conflict_names_the_file_and_writes_nothing(tmp_path: Path, app: Path, template: Path) -> None:
    ctx = make_context(tmp_path)
    generate.run(ctx, generate_args(app, template))
    controller = _module(app) / CONTROLLER
    controller.write_text(controller.read_text().replace("Send a JSON object", "Please send JSON"))
    answers_before = (_module(app) / ".copier-answers.yml").read_bytes()
    service_before = (_module(app) / SERVICE).read_bytes()
    _edit_template(template, "template/Controllers/*.jinja", "Send a JSON object", "Send one JSON object")
    _edit_template(
        template, "template/Services/*Service{% endyield %}.php.jinja", "Use cases of", "Use cases for"
    )

    with pytest.raises(ActionError, match=r"nothing was written(.|\n)*TeachersController.php: 1 conflict"):
        generate.run(ctx, generate_args(app, template))

    assert "Please send JSON" in controller.read_text()
    assert "<<<<<<<" not in controller.read_text()
    assert (_module(app) / SERVICE).read_bytes() == service_before
    assert (_module(app) / ".copier-answers.yml").read_bytes() == answers_before


def test_spec_changes_add_and_remove_files_but_keep_deleted_ones_deleted(
    tmp_path: Path, app: Path, template: Path
) -> None:
    ctx = make_context(tmp_path)
    spec = app / "specs" / "teachers.yaml"
    generate.run(ctx, generate_args(app, template))
    (_module(app) / "Tests/TeacherServiceTest.php").unlink()
    spec.write_text(SPEC + "  - name: Leave\n    fields:\n      starts_on: {type: date, required: true}\n")

    added = generate.run(ctx, generate_args(app, template))

    assert (_module(app) / "Controllers/LeavesController.php").is_file()
    assert "/api/leaves" in (_module(app) / "openapi.fragment.yaml").read_text()
    assert not (_module(app) / "Tests/TeacherServiceTest.php").exists()
    assert added.metrics["endpoints"] == 10
    spec.write_text(SPEC)
    removed = generate.run(ctx, generate_args(app, template))
    assert not (_module(app) / "Controllers/LeavesController.php").exists()
    assert removed.metrics["files_removed"] >= 8


def test_existing_different_files_block_the_first_generation(
    tmp_path: Path, app: Path, template: Path
) -> None:
    target = _module(app) / "Config" / "Routes.php"
    target.parent.mkdir(parents=True)
    target.write_text("<?php // hand-written\n")
    with pytest.raises(ActionError, match=r"Config/Routes\.php: exists and differs"):
        generate.run(make_context(tmp_path), generate_args(app, template))
    assert target.read_text() == "<?php // hand-written\n"
    assert not (_module(app) / CONTROLLER).exists()


def test_template_tasks_run_only_when_trusted(tmp_path: Path, app: Path) -> None:
    template = tmp_path / "tasks-module"
    shutil.copytree(FIXTURES / "tasks-module", template)
    args = generate_args(app, template)
    with pytest.raises(ActionError, match="set `trusted: true`"):
        generate.run(make_context(tmp_path), args)
    assert not _module(app).exists()

    generate.run(make_context(tmp_path), {**args, "trusted": True})
    assert (_module(app) / "TASK_RAN.txt").read_text().strip() == "task ran"


def test_cookiecutter_templates_generate_and_update(tmp_path: Path, app: Path) -> None:
    template = tmp_path / "cc-module"
    shutil.copytree(FIXTURES / "cc-module", template)
    ctx = make_context(tmp_path)
    args = generate_args(app, template, engine="cookiecutter")

    first = generate.run(ctx, args)
    routes = _module(app) / "Config" / "Routes.php"
    assert first.metrics["status"] == "created"
    assert "$routes->resource('teachers');" in routes.read_text()
    assert (_module(app) / ".cookiecutter-answers.yml").is_file()

    readme = _module(app) / "README.md"
    readme.write_text(readme.read_text() + "\nOwned by the timetable team.\n")
    (template / "{{cookiecutter.module_name}}" / "Config" / "Routes.php").write_text(
        routes.read_text().replace("Teachers", "{{ cookiecutter.module_name }}") + "// v2\n"
    )
    second = generate.run(ctx, args)
    assert second.metrics["status"] == "updated"
    assert routes.read_text().endswith("// v2\n")
    assert "Owned by the timetable team." in readme.read_text()


def test_an_old_template_revision_is_rebuilt_from_git_history(
    tmp_path: Path, app: Path, template: Path
) -> None:
    git = ["git", "-C", str(tmp_path)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "generators"], check=True)
    subprocess.run([*git, "commit", "-qm", "template v1"], check=True)
    ctx = make_context(tmp_path)
    generate.run(ctx, generate_args(app, template))
    service = _module(app) / SERVICE
    service.write_text(service.read_text().replace("final class", "// edited by hand\nfinal class"))
    shutil.rmtree(ctx.state_dir)  # a fresh clone: no mirror
    _edit_template(
        template, "template/Services/*Service{% endyield %}.php.jinja", "Use cases of", "Use cases for"
    )

    generate.run(ctx, generate_args(app, template))

    assert "// edited by hand" in service.read_text()
    assert "Use cases for" in service.read_text()


def test_bad_arguments_are_reported(tmp_path: Path, app: Path, template: Path) -> None:
    ctx = make_context(tmp_path)
    with pytest.raises(ActionError, match="needs `with: spec"):
        generate.run(ctx, {"template": str(template)})
    with pytest.raises(ActionError, match="engine 'mako' must be one of"):
        generate.run(ctx, generate_args(app, template, engine="mako"))
    with pytest.raises(ActionError, match=r"template folder .* not found"):
        generate.run(ctx, generate_args(app, tmp_path / "missing"))
    (app / "specs" / "teachers.yaml").write_text(SPEC.replace("type: email", "type: mail"))
    with pytest.raises(ActionError, match=r"teachers.yaml:8:21: entities.0.fields.email.type"):
        generate.run(ctx, generate_args(app, template))
