<?php

declare(strict_types=1);

namespace CodeIgniter\Database;

/**
 * The rows of a query (CI4's result API subset).
 */
class Result
{
    /**
     * @param list<array<string, mixed>> $rows
     */
    public function __construct(private array $rows)
    {
    }

    /**
     * @return list<array<string, mixed>>
     */
    public function getResultArray(): array
    {
        return $this->rows;
    }

    /**
     * @return array<string, mixed>|null
     */
    public function getRowArray(int $n = 0): ?array
    {
        return $this->rows[$n] ?? null;
    }
}
