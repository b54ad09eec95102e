<?php

declare(strict_types=1);

namespace CodeIgniter\Test;

use CodeIgniter\Database\MigrationRunner;
use Config\Database;

/**
 * Gives each test a fresh database of the "tests" group (in memory unless configured) with every
 * migration applied. The settings ($migrate, $namespace, $db) are properties of CIUnitTestCase, as in CI4.
 */
trait DatabaseTestTrait
{
    protected function setUpDatabase(): void
    {
        Database::forgetConnections();
        $this->db = Database::connect();
        if ($this->migrate) {
            (new MigrationRunner($this->db))->latest();
        }
    }

    protected function tearDownDatabase(): void
    {
        Database::forgetConnections();
    }

    /**
     * @param array<string, mixed> $where
     */
    public function seeInDatabase(string $table, array $where): void
    {
        $this->assertGreaterThan(0, $this->countRows($table, $where), "no row of {$table} matches " . json_encode($where));
    }

    /**
     * @param array<string, mixed> $where
     */
    public function dontSeeInDatabase(string $table, array $where): void
    {
        $this->assertSame(0, $this->countRows($table, $where), "a row of {$table} matches " . json_encode($where));
    }

    /**
     * @param array<string, mixed> $where
     */
    private function countRows(string $table, array $where): int
    {
        $clauses = array_map(fn (string $c): string => $this->db->escapeIdentifiers($c) . ' = ?', array_keys($where));
        $sql = "SELECT COUNT(*) AS n FROM {$this->db->escapeIdentifiers($table)}" . ($clauses === [] ? '' : ' WHERE ' . implode(' AND ', $clauses));
        return (int) ($this->db->query($sql, array_values($where))->getRowArray()['n'] ?? 0);
    }
}
