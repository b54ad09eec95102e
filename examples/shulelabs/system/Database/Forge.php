<?php

declare(strict_types=1);

namespace CodeIgniter\Database;

/**
 * Builds SQLite DDL from CI4 field definitions (type, constraint, null, default, auto_increment,
 * unique; unsigned is accepted and ignored): addField/addKey/addUniqueKey/addForeignKey, then
 * createTable(); dropTable().
 */
class Forge
{
    /** @var array<string, array<string, mixed>> */
    protected array $fields = [];
    /** @var list<string> */
    protected array $primaryKeys = [];
    /** @var list<list<string>> */
    protected array $keys = [];
    /** @var list<string> table constraints: UNIQUE (...), FOREIGN KEY (...) */
    protected array $constraints = [];

    public function __construct(protected BaseConnection $db)
    {
    }

    public function getConnection(): BaseConnection
    {
        return $this->db;
    }

    /**
     * @param array<string, array<string, mixed>> $field
     */
    public function addField(array $field): static
    {
        $this->fields = array_merge($this->fields, $field);
        return $this;
    }

    /**
     * @param list<string>|string $key
     */
    public function addKey(array|string $key, bool $primary = false, bool $unique = false, string $keyName = ''): static
    {
        if ($primary) {
            $this->primaryKeys = array_values(array_unique([...$this->primaryKeys, ...(array) $key]));
        } elseif ($unique) {
            $this->constraints[] = 'UNIQUE (' . $this->names((array) $key) . ')';
        } else {
            $this->keys[] = (array) $key;
        }
        return $this;
    }

    /**
     * @param list<string>|string $key
     */
    public function addUniqueKey(array|string $key, string $keyName = ''): static
    {
        return $this->addKey($key, false, true, $keyName);
    }

    /**
     * @param list<string>|string $fieldName
     * @param list<string>|string $tableField
     */
    public function addForeignKey(
        array|string $fieldName = '',
        string $tableName = '',
        array|string $tableField = '',
        string $onUpdate = '',
        string $onDelete = '',
        string $fkName = ''
    ): static {
        $this->constraints[] = 'FOREIGN KEY (' . $this->names((array) $fieldName) . ') REFERENCES '
            . $this->db->protectIdentifiers($tableName, true) . ' (' . $this->names((array) $tableField) . ')'
            . ($onDelete !== '' ? ' ON DELETE ' . strtoupper($onDelete) : '')
            . ($onUpdate !== '' ? ' ON UPDATE ' . strtoupper($onUpdate) : '');
        return $this;
    }

    /**
     * @param array<string, mixed> $attributes
     */
    public function createTable(string $table, bool $ifNotExists = false, array $attributes = []): bool
    {
        // SQLite's AUTOINCREMENT needs the key inline, on its single INTEGER column.
        $pk = $this->primaryKeys;
        $inline = count($pk) === 1 && ! empty($this->fields[$pk[0]]['auto_increment']) ? $pk[0] : null;
        $lines = [];
        foreach ($this->fields as $name => $def) {
            $lines[] = $this->column((string) $name, $def, $name === $inline);
        }
        if ($pk !== [] && $inline === null) {
            $lines[] = 'PRIMARY KEY (' . $this->names($pk) . ')';
        }
        $name = $this->db->protectIdentifiers($table, true);
        $this->db->query('CREATE TABLE ' . ($ifNotExists ? 'IF NOT EXISTS ' : '') . $name
            . " (\n    " . implode(",\n    ", [...$lines, ...$this->constraints]) . "\n)");
        foreach ($this->keys as $key) {
            $index = $this->db->protectIdentifiers($table . '_' . implode('_', $key), true);
            $this->db->query("CREATE INDEX IF NOT EXISTS {$index} ON {$name} (" . $this->names($key) . ')');
        }
        $this->fields = $this->primaryKeys = $this->keys = $this->constraints = [];
        return true;
    }

    public function dropTable(string $tableName, bool $ifExists = false, bool $cascade = false): bool
    {
        $this->db->query('DROP TABLE ' . ($ifExists ? 'IF EXISTS ' : '') . $this->db->protectIdentifiers($tableName, true));
        return true;
    }

    /**
     * @param array<string, mixed> $def
     */
    protected function column(string $name, array $def, bool $autoIncrementKey): string
    {
        $type = strtoupper((string) ($def['type'] ?? 'TEXT'));
        if (str_contains($type, 'INT')) {
            $type = 'INTEGER';
        } elseif (isset($def['constraint'])) {
            $type .= "({$def['constraint']})";
        }
        $sql = $this->db->escapeIdentifiers($name) . ' ' . $type;
        if ($autoIncrementKey) {
            return $sql . ' PRIMARY KEY AUTOINCREMENT';
        }
        $sql .= empty($def['null']) ? ' NOT NULL' : ' NULL';
        if (array_key_exists('default', $def)) {
            $default = $def['default'];
            $sql .= ' DEFAULT ' . match (true) {
                $default === null => 'NULL',
                is_int($default), is_float($default) => (string) $default,
                default => "'" . str_replace("'", "''", (string) $default) . "'",
            };
        }
        return $sql . (empty($def['unique']) ? '' : ' UNIQUE');
    }

    /**
     * @param list<string> $names
     */
    protected function names(array $names): string
    {
        return implode(', ', array_map($this->db->escapeIdentifiers(...), $names));
    }
}
