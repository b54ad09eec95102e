"""Fixtures of the deploy tests: a tiny PHP app with the /health contract, and environment roots whose
servers are always stopped when the test ends."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from shulorch.actions.deploy.control import stop_environment
from shulorch.actions.deploy.layout import EnvLayout

# Same contract as examples/shulelabs: GET /health -> {"status","release","database"}, the release id
# read from RELEASE at the app root (or APP_RELEASE), database true once `php spark migrate` ran.
INDEX_PHP = r"""<?php
$root = dirname(__DIR__);
$path = parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH);
$release = is_file("$root/RELEASE")
    ? trim(file_get_contents("$root/RELEASE"))
    : (getenv('APP_RELEASE') ?: 'unknown');
if ($path === '/health') {
    $db = false;
    $file = "$root/writable/app.sqlite";
    if (is_file($file)) {
        $pdo = new PDO("sqlite:$file");
        $sql = "SELECT count(*) FROM sqlite_master WHERE name = 'migrations'";
        $db = (bool) $pdo->query($sql)->fetchColumn();
    }
    header('Content-Type: application/json');
    echo json_encode(['status' => 'ok', 'release' => $release, 'database' => $db]);
    return;
}
if ($path === '/') {
    echo "<h1>Shule</h1><p>release $release</p>";
    return;
}
if ($path === '/api/students') {
    header('Content-Type: application/json');
    echo json_encode(['data' => [['id' => 1, 'name' => 'Amani']], 'count' => 1]);
    return;
}
http_response_code(404);
echo 'not found';
"""

BROKEN_INDEX_PHP = r"""<?php
throw new RuntimeException('release is broken on purpose');
"""

SPARK = r"""<?php
// Minimal stand-in for CodeIgniter's spark: `migrate` creates the tables in writable/app.sqlite.
if (($argv[1] ?? '') !== 'migrate') { fwrite(STDERR, "unknown command\n"); exit(1); }
$pdo = new PDO('sqlite:' . __DIR__ . '/writable/app.sqlite');
echo "Running all new migrations...\n";
$pdo->exec('CREATE TABLE IF NOT EXISTS migrations (version TEXT PRIMARY KEY)');
foreach (['2026-01-01-000000_CreateStudents', '2026-01-02-000000_CreateClasses'] as $m) {
    if ($pdo->query("SELECT 1 FROM migrations WHERE version = '$m'")->fetchColumn()) { continue; }
    $pdo->exec('CREATE TABLE IF NOT EXISTS t_' . md5($m) . ' (id INTEGER)');
    $pdo->exec("INSERT INTO migrations VALUES ('$m')");
    echo "\tRunning: (App) $m\n";
}
echo "Migrations complete.\n";
"""


def write_app(root: Path, *, broken: bool = False) -> Path:
    """A tiny CI4-shaped app: public/index.php, spark, .env, writable/, app/."""
    (root / "public").mkdir(parents=True)
    (root / "public" / "index.php").write_text(BROKEN_INDEX_PHP if broken else INDEX_PHP)
    (root / "spark").write_text(SPARK)
    (root / ".env").write_text("CI_ENVIRONMENT = production\n")
    (root / "writable" / "logs").mkdir(parents=True)
    (root / "writable" / "logs" / "index.html").write_text("")
    (root / "app" / "Controllers").mkdir(parents=True)
    (root / "app" / "Controllers" / "Home.php").write_text("<?php\n// controller\n")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    return root


@pytest.fixture
def app(tmp_path: Path) -> Path:
    return write_app(tmp_path / "app")


@pytest.fixture
def broken_app(tmp_path: Path) -> Path:
    return write_app(tmp_path / "broken-app", broken=True)


@pytest.fixture
def env_root(tmp_path: Path) -> Iterator[Path]:
    """An environment root; every server a test started under it is stopped afterwards."""
    root = tmp_path / "deploy" / "production"
    yield root
    stop_environment(EnvLayout(root=root.resolve()))


@pytest.fixture
def php() -> str:
    found = shutil.which("php")
    if found is None:
        pytest.skip("php is not installed: deploy server tests not run")
    return found
