<?php

declare(strict_types=1);

namespace CodeIgniter\Database;

use PDOStatement;

/**
 * Rows of a query, read once (CI4's ResultInterface subset).
 */
class Result
{
    /** @var list<array<string, mixed>>|null */
    private ?array $rows = null;

    public function __construct(private PDOStatement $statement)
    {
    }

    /**
     * @return list<array<string, mixed>>
     */
    public function getResultArray(): array
    {
        if ($this->rows === null) {
            $this->rows = $this->statement->columnCount() > 0 ? $this->statement->fetchAll(\PDO::FETCH_ASSOC) : [];
        }
        return $this->rows;
    }

    /**
     * @return array<string, mixed>|null
     */
    public function getRowArray(int $n = 0): ?array
    {
        return $this->getResultArray()[$n] ?? null;
    }

    public function getNumRows(): int
    {
        return count($this->getResultArray());
    }

    public function affectedRows(): int
    {
        return $this->statement->rowCount();
    }
}
