<?php

declare(strict_types=1);

namespace CodeIgniter\Database;

use CodeIgniter\Database\Exceptions\DatabaseException;
use PDO;
use PDOException;

/**
 * A SQLite connection over PDO with the part of CI4's connection API the app uses: query(),
 * transactions, insertID(), tableExists(), escapeIdentifiers(). Opened lazily on first use.
 */
class BaseConnection
{
    public string $database;
    public string $DBPrefix = '';
    public string $DBDriver;
    private ?PDO $pdo = null;

    /**
     * @param array<string, mixed> $params a group of app/Config/Database.php
     */
    public function __construct(array $params)
    {
        $this->database = (string) ($params['database'] ?? ':memory:');
        $this->DBDriver = (string) ($params['DBDriver'] ?? 'SQLite3');
        $this->DBPrefix = (string) ($params['DBPrefix'] ?? '');
    }

    public function connect(): PDO
    {
        if ($this->pdo !== null) {
            return $this->pdo;
        }
        $path = $this->database;
        if ($path !== ':memory:' && ! str_starts_with($path, '/') && ! preg_match('/^[A-Za-z]:[\\\\\/]/', $path)) {
            $path = ROOTPATH . $path;
        }
        try {
            $pdo = new PDO('sqlite:' . $path, null, null, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
            $pdo->exec('PRAGMA foreign_keys = ON');
        } catch (PDOException $err) {
            throw new DatabaseException("Unable to open SQLite database {$path}: {$err->getMessage()}", 0, $err);
        }
        return $this->pdo = $pdo;
    }

    /**
     * Runs SQL with "?" bindings. Errors become DatabaseException naming the statement.
     *
     * @param list<mixed> $binds
     */
    public function query(string $sql, array $binds = []): Result
    {
        try {
            $statement = $this->connect()->prepare($sql);
            $statement->execute(array_values($binds));
        } catch (PDOException $err) {
            throw new DatabaseException("{$err->getMessage()} (SQL: {$sql})", 0, $err);
        }
        return new Result($statement);
    }

    public function insertID(): int
    {
        return (int) $this->connect()->lastInsertId();
    }

    public function transBegin(): bool
    {
        return $this->connect()->beginTransaction();
    }

    public function transCommit(): bool
    {
        return $this->connect()->commit();
    }

    public function transRollback(): bool
    {
        $pdo = $this->connect();
        return $pdo->inTransaction() && $pdo->rollBack();
    }

    public function tableExists(string $table): bool
    {
        $sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?";
        return $this->query($sql, [$this->DBPrefix . $table])->getRowArray() !== null;
    }

    public function escapeIdentifiers(string $name): string
    {
        return '"' . str_replace('"', '""', $name) . '"';
    }

    public function close(): void
    {
        $this->pdo = null;
    }
}
