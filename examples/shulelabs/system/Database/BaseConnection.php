<?php

declare(strict_types=1);

namespace CodeIgniter\Database;

use CodeIgniter\Database\Exceptions\DatabaseException;
use PDO;
use PDOException;

/**
 * A SQLite connection over PDO (opened on first use, foreign keys on) with the part of CI4's
 * connection API the app uses. Relative database paths are relative to the app root.
 */
class BaseConnection
{
    public string $database;
    public string $DBPrefix;
    private ?PDO $pdo = null;

    /**
     * @param array<string, mixed> $params a group of app/Config/Database.php
     */
    public function __construct(array $params)
    {
        $this->database = (string) ($params['database'] ?? ':memory:');
        $this->DBPrefix = (string) ($params['DBPrefix'] ?? '');
    }

    public function connect(): PDO
    {
        if ($this->pdo !== null) {
            return $this->pdo;
        }
        $path = $this->database;
        if ($path !== ':memory:' && ! preg_match('#^([A-Za-z]:)?[\\\\/]#', $path)) {
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
     * Runs SQL with "?" bindings; errors become a DatabaseException naming the statement.
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
        return new Result($statement->columnCount() > 0 ? $statement->fetchAll(PDO::FETCH_ASSOC) : []);
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
        return $this->connect()->inTransaction() && $this->pdo->rollBack();
    }

    public function tableExists(string $table): bool
    {
        $sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?";
        return $this->query($sql, [$this->DBPrefix . $table])->getRowArray() !== null;
    }

    /** Quotes a name; with $prefixSingle, a table name gets DBPrefix first (CI4's signature, in part). */
    public function protectIdentifiers(string $item, bool $prefixSingle = false): string
    {
        return $this->escapeIdentifiers(($prefixSingle ? $this->DBPrefix : '') . $item);
    }

    public function escapeIdentifiers(string $name): string
    {
        return '"' . str_replace('"', '""', $name) . '"';
    }
}
