<?php

declare(strict_types=1);

namespace CodeIgniter;

use CodeIgniter\Database\BaseConnection;
use CodeIgniter\Database\Exceptions\DatabaseException;
use CodeIgniter\Database\Exceptions\DataException;
use CodeIgniter\Entity\Entity;
use CodeIgniter\Validation\Validation;
use Config\Database;

/**
 * CI4's Model over one table: find/findAll/first/insert/update/delete, where()/orderBy() chaining,
 * $allowedFields protection, validation with $validationRules and $validationMessages, timestamps,
 * and rows returned as arrays, objects or an Entity class.
 */
class Model
{
    /** @var string|null */
    protected $DBGroup;
    /** @var string */
    protected $table = '';
    /** @var string */
    protected $primaryKey = 'id';
    /** @var bool */
    protected $useAutoIncrement = true;
    /** @var string 'array', 'object' or an Entity class */
    protected $returnType = 'array';
    /** @var bool only false is supported */
    protected $useSoftDeletes = false;
    /** @var bool */
    protected $protectFields = true;
    /** @var list<string> */
    protected $allowedFields = [];
    /** @var bool */
    protected $useTimestamps = false;
    /** @var string only 'datetime' is supported */
    protected $dateFormat = 'datetime';
    /** @var string */
    protected $createdField = 'created_at';
    /** @var string */
    protected $updatedField = 'updated_at';
    /** @var array<string, mixed> */
    protected $validationRules = [];
    /** @var array<string, array<string, string>> */
    protected $validationMessages = [];
    /** @var bool */
    protected $skipValidation = false;
    /** @var bool Drop rules of fields absent from the data (updates of a few fields). */
    protected $cleanValidationRules = true;

    protected BaseConnection $db;
    protected Validation $validation;
    /** @var list<array{0: string, 1: mixed}> */
    protected array $wheres = [];
    /** @var list<string> */
    protected array $orders = [];

    public function __construct(?BaseConnection $db = null, ?Validation $validation = null)
    {
        $this->db = $db ?? Database::connect($this->DBGroup);
        $this->validation = $validation ?? new Validation();
    }

    /**
     * @param string $key column, optionally with an operator: "age >="
     */
    public function where($key, $value = null, ?bool $escape = null)
    {
        [$column, $operator] = explode(' ', trim((string) $key), 2) + [1 => $value === null ? 'IS' : '='];
        $this->wheres[] = [$this->db->escapeIdentifiers($column) . ' ' . trim($operator) . ' ?', $value];
        return $this;
    }

    public function orderBy(string $orderBy, string $direction = ''): static
    {
        $this->orders[] = $this->db->escapeIdentifiers($orderBy) . (strtoupper($direction) === 'DESC' ? ' DESC' : ' ASC');
        return $this;
    }

    /**
     * The row with this primary key (null if none), or every row for null.
     *
     * @param int|string|null $id
     */
    public function find($id = null)
    {
        return $id === null ? $this->findAll() : $this->where($this->primaryKey, $id)->first();
    }

    /**
     * @return list<mixed>
     */
    public function findAll(?int $limit = null, int $offset = 0): array
    {
        [$where, $binds] = $this->compileWhere();
        $sql = "SELECT * FROM {$this->tableName()}{$where}";
        if ($this->orders !== []) {
            $sql .= ' ORDER BY ' . implode(', ', $this->orders);
            $this->orders = [];
        }
        if ($limit !== null && $limit > 0) {
            $sql .= ' LIMIT ' . $limit . ' OFFSET ' . max(0, $offset);
        }
        return array_map($this->toReturnType(...), $this->db->query($sql, $binds)->getResultArray());
    }

    public function first()
    {
        return $this->findAll(1)[0] ?? null;
    }

    /**
     * @param array<string, mixed>|null $row
     * @return int|string|false the new id, or false when validation fails
     */
    public function insert($row = null, bool $returnID = true)
    {
        $row = $this->checkedRow($row, 'insert', false);
        if ($row === null) {
            return false;
        }
        if ($this->useTimestamps) {
            $row += [$this->createdField => date('Y-m-d H:i:s'), $this->updatedField => date('Y-m-d H:i:s')];
        }
        $columns = implode(', ', array_map($this->db->escapeIdentifiers(...), array_keys($row)));
        $marks = implode(', ', array_fill(0, count($row), '?'));
        $this->db->query("INSERT INTO {$this->tableName()} ({$columns}) VALUES ({$marks})", array_values($row));
        $insertID = $this->useAutoIncrement ? $this->db->insertID() : ($row[$this->primaryKey] ?? 0);
        return $returnID ? $insertID : true;
    }

    /**
     * Validates only the fields sent (with $cleanValidationRules).
     *
     * @param int|string|null $id
     * @param array<string, mixed>|null $row
     */
    public function update($id = null, $row = null): bool
    {
        $row = $this->checkedRow($row, 'update', $this->cleanValidationRules);
        if ($row === null) {
            return false;
        }
        if ($this->useTimestamps) {
            $row[$this->updatedField] = date('Y-m-d H:i:s');
        }
        $set = implode(', ', array_map(fn (string $c): string => $this->db->escapeIdentifiers($c) . ' = ?', array_keys($row)));
        $this->run("UPDATE {$this->tableName()} SET {$set}", $id, array_values($row));
        return true;
    }

    /**
     * @param int|string|null $id
     */
    public function delete($id = null, bool $purge = false)
    {
        $this->run("DELETE FROM {$this->tableName()}", $id, []);
        return true;
    }

    /**
     * @return array<string, string> field => message of the last failed validation
     */
    public function errors(bool $forceDB = false)
    {
        return $this->validation->getErrors();
    }

    /**
     * @param array<string, mixed> $row
     */
    public function validate($row, bool $cleanRules = false): bool
    {
        $rules = $cleanRules ? array_intersect_key($this->validationRules, $row) : $this->validationRules;
        if ($this->skipValidation || $rules === []) {
            return true;
        }
        return $this->validation->setRules($rules, $this->validationMessages)->run($row, null, $this->DBGroup);
    }

    /**
     * The row to write: validated, then cut down to $allowedFields; null when validation fails.
     * DataException when there is nothing (left) to write, as CI4 does.
     *
     * @param array<string, mixed>|null $row
     * @return array<string, mixed>|null
     */
    protected function checkedRow(?array $row, string $mode, bool $cleanRules): ?array
    {
        if ($row === null || $row === []) {
            throw DataException::forEmptyDataset($mode);
        }
        if (! $this->validate($row, $cleanRules)) {
            return null;
        }
        if ($this->protectFields) {
            $row = array_intersect_key($row, array_flip($this->allowedFields));
        }
        return $row !== [] ? $row : throw DataException::forEmptyDataset('update');
    }

    /**
     * Runs an UPDATE or DELETE on the row $id, or on the where() conditions when $id is null.
     *
     * @param list<mixed> $binds
     */
    protected function run(string $sql, int|string|null $id, array $binds): void
    {
        if ($id !== null) {
            $this->where($this->primaryKey, $id);
        }
        [$where, $whereBinds] = $this->compileWhere();
        if ($where === '') {
            throw new DatabaseException('Updates and deletes are not allowed unless they contain a "where" clause.');
        }
        $this->db->query($sql . $where, [...$binds, ...$whereBinds]);
    }

    protected function tableName(): string
    {
        return $this->db->protectIdentifiers($this->table, true);
    }

    /**
     * @return array{0: string, 1: list<mixed>}
     */
    protected function compileWhere(): array
    {
        $clauses = array_column($this->wheres, 0);
        $binds = array_column($this->wheres, 1);
        $this->wheres = [];
        return [$clauses === [] ? '' : ' WHERE ' . implode(' AND ', $clauses), $binds];
    }

    /**
     * @param array<string, mixed> $row
     */
    protected function toReturnType(array $row): mixed
    {
        return match ($this->returnType) {
            'array' => $row,
            'object' => (object) $row,
            default => (new $this->returnType())->injectRawData($row),
        };
    }
}
