<?php

declare(strict_types=1);

namespace CodeIgniter\Database;

use CodeIgniter\Database\Exceptions\DatabaseException;
use Config\Database;
use Throwable;

/**
 * Finds migrations (app/Database/Migrations and app/Modules/<Name>/Database/Migrations), applies
 * new ones in timestamp order as one batch (latest) and reverts batches (regress), recording them in
 * the `migrations` table. Each migration runs in its own transaction, so a failing one leaves the
 * database as it was before it and raises DatabaseException naming the file.
 */
class MigrationRunner
{
    protected string $table = 'migrations';
    protected BaseConnection $db;
    /** @var list<string> */
    protected array $cliMessages = [];

    public function __construct(?BaseConnection $db = null, protected ?string $appPath = null)
    {
        $this->db = $db ?? Database::connect();
        $this->appPath ??= APPPATH;
    }

    /**
     * @return list<object{version: string, name: string, path: string, class: string, namespace: string, uid: string}>
     */
    public function findMigrations(): array
    {
        $root = rtrim((string) $this->appPath, '/\\');
        $found = [];
        $files = [...glob("{$root}/Database/Migrations/*.php") ?: [], ...glob("{$root}/Modules/*/Database/Migrations/*.php") ?: []];
        foreach ($files as $path) {
            if (! preg_match('/^(\d{4}[_-]?\d{2}[_-]?\d{2}[_-]?\d{6})_(\w+)\.php$/', basename($path), $m)) {
                continue;
            }
            $namespace = preg_match('/^namespace\s+([\w\\\\]+)\s*;/m', (string) file_get_contents($path), $ns) ? $ns[1] : '';
            $version = (string) preg_replace('/\D/', '', $m[1]);
            $class = ltrim($namespace . '\\' . $m[2], '\\');
            $found[$version . $class] = (object) [
                'version' => $version, 'name' => $m[2], 'path' => $path, 'class' => $class,
                'namespace' => $namespace, 'uid' => $version . $class,
            ];
        }
        ksort($found, SORT_STRING);
        return array_values($found);
    }

    /** Applies every migration not yet recorded, as the next batch. */
    public function latest(?string $group = null): bool
    {
        $this->ensureTable();
        $applied = [];
        foreach ($this->getHistory() as $row) {
            $applied[$row['version'] . $row['class']] = (int) $row['batch'];
        }
        $batch = max([0, ...array_values($applied)]) + 1;
        foreach ($this->findMigrations() as $migration) {
            if (! isset($applied[$migration->uid])) {
                $this->runMigration($migration, 'up');
                $this->db->query(
                    "INSERT INTO {$this->table} (version, class, \"group\", namespace, time, batch) VALUES (?, ?, ?, ?, ?, ?)",
                    [$migration->version, $migration->class, $group ?? 'default', $migration->namespace, time(), $batch]
                );
            }
        }
        return true;
    }

    /** Reverts every batch above $targetBatch (0 reverts everything), newest first. */
    public function regress(int $targetBatch = 0, ?string $group = null): bool
    {
        $this->ensureTable();
        $files = array_column($this->findMigrations(), null, 'uid');
        foreach (array_reverse($this->getHistory()) as $row) {
            if ((int) $row['batch'] > $targetBatch) {
                $migration = $files[$row['version'] . $row['class']] ?? throw new DatabaseException(
                    "Migration {$row['version']}_{$row['class']} is recorded in the {$this->table} table but its file is gone; "
                    . 'restore the file to roll it back.'
                );
                $this->runMigration($migration, 'down');
                $this->db->query("DELETE FROM {$this->table} WHERE id = ?", [$row['id']]);
            }
        }
        return true;
    }

    /**
     * @return list<array<string, mixed>> rows of the migrations table, oldest first
     */
    public function getHistory(string $group = 'default'): array
    {
        if (! $this->db->tableExists($this->table)) {
            return [];
        }
        return $this->db->query("SELECT * FROM {$this->table} ORDER BY version, id")->getResultArray();
    }

    /**
     * @return list<string> what latest() and regress() ran, for the console
     */
    public function getCliMessages(): array
    {
        return $this->cliMessages;
    }

    /**
     * @param object{version: string, name: string, path: string, class: string, namespace: string, uid: string} $migration
     */
    protected function runMigration(object $migration, string $direction): void
    {
        require_once $migration->path;
        if (! class_exists($migration->class)) {
            throw new DatabaseException("{$migration->path}: expected class {$migration->class} "
                . '(namespace + the name after the timestamp); rename the class or the file.');
        }
        $this->db->transBegin();
        try {
            (new $migration->class(new Forge($this->db)))->{$direction}();
            $this->db->transCommit();
        } catch (Throwable $err) {
            $this->db->transRollback();
            throw new DatabaseException("{$migration->path}: {$direction}() failed: {$err->getMessage()}", 0, $err);
        }
        $verb = $direction === 'up' ? 'Running' : 'Rolling back';
        $this->cliMessages[] = "{$verb}: ({$migration->namespace}) {$migration->version}_{$migration->name}";
    }

    protected function ensureTable(): void
    {
        $this->db->query("CREATE TABLE IF NOT EXISTS {$this->table} (
            id INTEGER PRIMARY KEY AUTOINCREMENT, version VARCHAR(255) NOT NULL, class VARCHAR(255) NOT NULL,
            \"group\" VARCHAR(255) NOT NULL, namespace VARCHAR(255) NOT NULL, time INTEGER NOT NULL,
            batch INTEGER NOT NULL)");
    }
}
