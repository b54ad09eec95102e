<?php

declare(strict_types=1);

namespace CodeIgniter\Database;

use CodeIgniter\Database\Exceptions\DatabaseException;

/**
 * Builds SQLite DDL from CI4 field definitions: addField/addKey/addPrimaryKey/addUniqueKey/
 * addForeignKey then createTable(), and dropTable().
 */
class Forge
{
    /** @var array<string, array<string, mixed>> */
    protected array $fields = [];
    /** @var list<list<string>> */
    protected array $keys = [];
    /** @var list<list<string>> */
    protected array $uniqueKeys = [];
    /** @var list<string> */
    protected array $primaryKeys = [];
    /** @var list<array{field: list<string>, table: string, tableField: list<string>, onUpdate: string, onDelete: string}> */
    protected array $foreignKeys = [];

    public function __construct(protected BaseConnection $db)
    {
    }

    public function getConnection(): BaseConnection
    {
        return $this->db;
    }

    /**
     * @param array<string, array<string, mixed>>|string $field definitions, or 'id' for the usual key
     */
    public function addField(array|string $field): static
    {
        if ($field === 'id') {
            $field = ['id' => ['type' => 'INT', 'constraint' => 9, 'auto_increment' => true]];
            $this->primaryKeys = ['id'];
        }
        if (is_string($field)) {
            throw new DatabaseException("addField(\"{$field}\"): pass an array of field definitions or 'id'.");
        }
        $this->fields = array_merge($this->fields, $field);
        return $this;
    }

    /**
     * @param list<string>|string $key
     */
    public function addKey(array|string $key, bool $primary = false, bool $unique = false, string $keyName = ''): static
    {
        $key = (array) $key;
        if ($primary) {
            $this->primaryKeys = array_values(array_unique([...$this->primaryKeys, ...$key]));
        } elseif ($unique) {
            $this->uniqueKeys[] = $key;
        } else {
            $this->keys[] = $key;
        }
        return $this;
    }

    /**
     * @param list<string>|string $key
     */
    public function addPrimaryKey(array|string $key, string $keyName = ''): static
    {
        return $this->addKey($key, true, false, $keyName);
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
        $this->foreignKeys[] = [
            'field' => (array) $fieldName,
            'table' => $tableName,
            'tableField' => (array) $tableField,
            'onUpdate' => strtoupper($onUpdate),
            'onDelete' => strtoupper($onDelete),
        ];
        return $this;
    }

    /**
     * @param array<string, mixed> $attributes
     */
    public function createTable(string $table, bool $ifNotExists = false, array $attributes = []): bool
    {
        if ($this->fields === []) {
            throw new DatabaseException("createTable({$table}): add fields with addField() first.");
        }
        $lines = [];
        foreach ($this->fields as $name => $definition) {
            $lines[] = $this->columnSql((string) $name, $definition);
        }
        $inlinePk = $this->inlinePrimaryKey();
        if ($this->primaryKeys !== [] && $inlinePk === null) {
            $lines[] = 'PRIMARY KEY (' . $this->names($this->primaryKeys) . ')';
        }
        foreach ($this->uniqueKeys as $key) {
            $lines[] = 'UNIQUE (' . $this->names($key) . ')';
        }
        foreach ($this->foreignKeys as $fk) {
            $sql = 'FOREIGN KEY (' . $this->names($fk['field']) . ') REFERENCES '
                . $this->db->escapeIdentifiers($this->db->DBPrefix . $fk['table'])
                . ' (' . $this->names($fk['tableField']) . ')';
            $sql .= $fk['onDelete'] !== '' ? ' ON DELETE ' . $fk['onDelete'] : '';
            $sql .= $fk['onUpdate'] !== '' ? ' ON UPDATE ' . $fk['onUpdate'] : '';
            $lines[] = $sql;
        }
        $name = $this->db->escapeIdentifiers($this->db->DBPrefix . $table);
        $this->db->query('CREATE TABLE ' . ($ifNotExists ? 'IF NOT EXISTS ' : '') . $name
            . " (\n    " . implode(",\n    ", $lines) . "\n)");
        foreach ($this->keys as $key) {
            $index = $this->db->escapeIdentifiers($this->db->DBPrefix . $table . '_' . implode('_', $key));
            $this->db->query("CREATE INDEX IF NOT EXISTS {$index} ON {$name} (" . $this->names($key) . ')');
        }
        $this->reset();
        return true;
    }

    public function dropTable(string $tableName, bool $ifExists = false, bool $cascade = false): bool
    {
        $name = $this->db->escapeIdentifiers($this->db->DBPrefix . $tableName);
        $this->db->query('DROP TABLE ' . ($ifExists ? 'IF EXISTS ' : '') . $name);
        return true;
    }

    /**
     * @param array<string, mixed> $def
     */
    protected function columnSql(string $name, array $def): string
    {
        $type = strtoupper((string) ($def['type'] ?? 'TEXT'));
        if (str_contains($type, 'INT')) {
            $type = 'INTEGER';
        } elseif (isset($def['constraint'])) {
            $type .= '(' . (is_array($def['constraint']) ? implode(',', $def['constraint']) : $def['constraint']) . ')';
        }
        $sql = $this->db->escapeIdentifiers($name) . ' ' . $type;
        if ($this->inlinePrimaryKey() === $name) {
            return $sql . ' PRIMARY KEY AUTOINCREMENT';
        }
        $sql .= ! empty($def['null']) ? ' NULL' : ' NOT NULL';
        if (array_key_exists('default', $def)) {
            $default = $def['default'];
            $sql .= ' DEFAULT ' . match (true) {
                $default === null => 'NULL',
                is_int($default), is_float($default) => (string) $default,
                is_bool($default) => $default ? '1' : '0',
                default => "'" . str_replace("'", "''", (string) $default) . "'",
            };
        }
        return $sql . (! empty($def['unique']) ? ' UNIQUE' : '');
    }

    /** SQLite's AUTOINCREMENT needs the key inline on a single INTEGER column. */
    protected function inlinePrimaryKey(): ?string
    {
        if (count($this->primaryKeys) !== 1) {
            return null;
        }
        $name = $this->primaryKeys[0];
        return ! empty($this->fields[$name]['auto_increment']) ? $name : null;
    }

    /**
     * @param list<string> $names
     */
    protected function names(array $names): string
    {
        return implode(', ', array_map($this->db->escapeIdentifiers(...), $names));
    }

    protected function reset(): void
    {
        $this->fields = $this->keys = $this->uniqueKeys = $this->primaryKeys = $this->foreignKeys = [];
    }
}
