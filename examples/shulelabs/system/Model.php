<?php

declare(strict_types=1);

namespace CodeIgniter;

use CodeIgniter\Database\BaseConnection;
use CodeIgniter\Database\Exceptions\DatabaseException;
use CodeIgniter\Database\Exceptions\DataException;
use CodeIgniter\Entity\Entity;
use CodeIgniter\Pager\Pager;
use CodeIgniter\Validation\Validation;
use Config\Database;

/**
 * CI4's Model over one table: find/findAll/first/insert/update/delete/save/paginate, where()/
 * orderBy() chaining, $allowedFields protection, validation with $validationRules and
 * $validationMessages, timestamps, and rows returned as arrays, objects or an Entity class.
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
    /** @var string 'array', 'object' or a class name */
    protected $returnType = 'array';
    /** @var bool */
    protected $useSoftDeletes = false;
    /** @var bool */
    protected $protectFields = true;
    /** @var list<string> */
    protected $allowedFields = [];
    /** @var bool */
    protected $useTimestamps = false;
    /** @var string */
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
    /** @var Pager|null */
    public $pager;

    protected BaseConnection $db;
    protected Validation $validation;
    protected int|string $insertID = 0;
    /** @var list<array{0: string, 1: list<mixed>}> */
    protected array $wheres = [];
    /** @var list<string> */
    protected array $orders = [];

    public function __construct(?BaseConnection $db = null, ?Validation $validation = null)
    {
        $this->db = $db ?? Database::connect($this->DBGroup);
        $this->validation = $validation ?? new Validation();
    }

    /**
     * @param array<string, mixed>|string $key column (optionally with an operator: "age >=") or column => value
     */
    public function where($key, $value = null, ?bool $escape = null)
    {
        foreach (is_array($key) ? $key : [$key => $value] as $column => $val) {
            $parts = preg_split('/\s+/', trim((string) $column), 2) ?: [''];
            $operator = $parts[1] ?? ($val === null ? 'IS' : '=');
            $this->wheres[] = [$this->db->escapeIdentifiers($parts[0]) . " {$operator} ?", [$val]];
        }
        return $this;
    }

    /**
     * @param list<mixed> $values
     */
    public function whereIn(string $key, array $values): static
    {
        $marks = $values === [] ? 'NULL' : implode(', ', array_fill(0, count($values), '?'));
        $this->wheres[] = [$this->db->escapeIdentifiers($key) . " IN ({$marks})", array_values($values)];
        return $this;
    }

    public function orderBy(string $orderBy, string $direction = ''): static
    {
        $direction = strtoupper($direction) === 'DESC' ? 'DESC' : 'ASC';
        $this->orders[] = $this->db->escapeIdentifiers($orderBy) . ' ' . $direction;
        return $this;
    }

    /**
     * One row by primary key, a list for a list of keys, every row for null.
     *
     * @param list<int|string>|int|string|null $id
     */
    public function find($id = null)
    {
        if ($id === null) {
            return $this->findAll();
        }
        if (is_array($id)) {
            return $this->whereIn($this->primaryKey, $id)->findAll();
        }
        return $this->where($this->primaryKey, $id)->first();
    }

    /**
     * @return list<mixed>
     */
    public function findAll(?int $limit = null, int $offset = 0): array
    {
        [$where, $binds] = $this->compileWhere();
        $order = $this->orders !== [] ? ' ORDER BY ' . implode(', ', $this->orders) : '';
        $this->orders = [];
        $sql = "SELECT * FROM {$this->tableName()}{$where}{$order}";
        if ($limit !== null && $limit > 0) {
            $sql .= ' LIMIT ' . $limit . ' OFFSET ' . max(0, $offset);
        }
        return array_map($this->toReturnType(...), $this->db->query($sql, $binds)->getResultArray());
    }

    public function first()
    {
        return $this->findAll(1)[0] ?? null;
    }

    public function countAllResults(bool $reset = true): int
    {
        $saved = $this->wheres;
        [$where, $binds] = $this->compileWhere();
        if (! $reset) {
            $this->wheres = $saved;
        }
        return (int) ($this->db->query("SELECT COUNT(*) AS n FROM {$this->tableName()}{$where}", $binds)
            ->getRowArray()['n'] ?? 0);
    }

    /**
     * A page of rows; $this->pager tells the totals. The page defaults to the "page" query parameter.
     *
     * @return list<mixed>
     */
    public function paginate(?int $perPage = null, string $group = 'default', ?int $page = null, int $segment = 0): array
    {
        $perPage = max(1, $perPage ?? 20);
        $page = max(1, $page ?? (int) ($_GET['page'] ?? 1));
        $total = $this->countAllResults(false);
        $this->pager = new Pager($page, $perPage, $total);
        return $this->findAll($perPage, ($page - 1) * $perPage);
    }

    /**
     * @param array<string, mixed>|object|null $row
     */
    public function insert($row = null, bool $returnID = true)
    {
        $row = $this->transformDataToArray($row, 'insert');
        if (! $this->skipValidation && ! $this->validate($row, false)) {
            return false;
        }
        $row = $this->doProtectFields($row);
        if ($this->useTimestamps) {
            $now = $this->now();
            $row += [$this->createdField => $now, $this->updatedField => $now];
        }
        $columns = implode(', ', array_map($this->db->escapeIdentifiers(...), array_keys($row)));
        $marks = implode(', ', array_fill(0, count($row), '?'));
        $this->db->query("INSERT INTO {$this->tableName()} ({$columns}) VALUES ({$marks})", array_values($row));
        $this->insertID = $this->useAutoIncrement ? $this->db->insertID() : ($row[$this->primaryKey] ?? 0);
        return $returnID ? $this->insertID : true;
    }

    /**
     * @param list<int|string>|int|string|null $id
     * @param array<string, mixed>|object|null $row
     */
    public function update($id = null, $row = null): bool
    {
        $row = $this->transformDataToArray($row, 'update');
        if (! $this->skipValidation && ! $this->validate($row, $this->cleanValidationRules)) {
            return false;
        }
        $row = $this->doProtectFields($row);
        if ($this->useTimestamps) {
            $row[$this->updatedField] = $this->now();
        }
        if ($id !== null) {
            $this->whereIn($this->primaryKey, (array) $id);
        }
        [$where, $binds] = $this->compileWhere();
        if ($where === '') {
            throw new DatabaseException('Updates are not allowed unless they contain a "where" clause.');
        }
        $set = implode(', ', array_map(fn (string $c): string => $this->db->escapeIdentifiers($c) . ' = ?', array_keys($row)));
        $this->db->query("UPDATE {$this->tableName()} SET {$set}{$where}", [...array_values($row), ...$binds]);
        return true;
    }

    /**
     * @param list<int|string>|int|string|null $id
     */
    public function delete($id = null, bool $purge = false)
    {
        if ($id !== null) {
            $this->whereIn($this->primaryKey, (array) $id);
        }
        [$where, $binds] = $this->compileWhere();
        if ($where === '') {
            throw new DatabaseException('Deletes are not allowed unless they contain a "where" or "like" clause.');
        }
        $this->db->query("DELETE FROM {$this->tableName()}{$where}", $binds);
        return true;
    }

    /**
     * Insert, or update when the data carries the primary key.
     *
     * @param array<string, mixed>|object $row
     */
    public function save($row): bool
    {
        $data = $this->transformDataToArray($row, 'save');
        $id = $data[$this->primaryKey] ?? null;
        if ($id !== null && $id !== '') {
            return $this->update($id, $data);
        }
        return $this->insert($data, false) !== false;
    }

    public function getInsertID(): int|string
    {
        return $this->insertID;
    }

    /**
     * @return array<string, string> field => message of the last failed validation
     */
    public function errors(bool $forceDB = false)
    {
        return $this->validation->getErrors();
    }

    /**
     * @param array<string, mixed>|object $row
     */
    public function validate($row, bool $cleanRules = false): bool
    {
        $row = is_object($row) ? $this->transformDataToArray($row, 'validate') : (array) $row;
        $rules = $this->validationRules;
        if ($cleanRules) {
            $rules = array_intersect_key($rules, $row);
        }
        if ($this->skipValidation || $rules === []) {
            return true;
        }
        return $this->validation->setRules($rules, $this->validationMessages)->run($row, null, $this->DBGroup);
    }

    public function skipValidation(bool $skip = true): static
    {
        $this->skipValidation = $skip;
        return $this;
    }

    /**
     * @param array<string, mixed> $validationRules
     */
    public function setValidationRules(array $validationRules): static
    {
        $this->validationRules = $validationRules;
        return $this;
    }

    /**
     * @return array<string, mixed>
     */
    public function getValidationRules(): array
    {
        return $this->validationRules;
    }

    public function getTable(): string
    {
        return $this->table;
    }

    /**
     * @param array<string, mixed>|object|null $row
     * @return array<string, mixed>
     */
    protected function transformDataToArray(array|object|null $row, string $type): array
    {
        if ($row instanceof Entity) {
            $row = $row->toRawArray($type === 'update');
        } elseif (is_object($row)) {
            $row = get_object_vars($row);
        }
        if ($row === null || $row === []) {
            throw DataException::forEmptyDataset($type);
        }
        return $row;
    }

    /**
     * @param array<string, mixed> $row
     * @return array<string, mixed>
     */
    protected function doProtectFields(array $row): array
    {
        if (! $this->protectFields) {
            return $row;
        }
        if ($this->allowedFields === []) {
            throw DataException::forInvalidAllowedFields(static::class);
        }
        $row = array_intersect_key($row, array_flip($this->allowedFields));
        return $row !== [] ? $row : throw DataException::forEmptyDataset('update');
    }

    /**
     * @return array{0: string, 1: list<mixed>}
     */
    protected function compileWhere(): array
    {
        $clauses = array_column($this->wheres, 0);
        $binds = array_merge(...array_column($this->wheres, 1));
        $this->wheres = [];
        return [$clauses === [] ? '' : ' WHERE ' . implode(' AND ', $clauses), $binds];
    }

    /**
     * @param array<string, mixed> $row
     */
    protected function toReturnType(array $row): mixed
    {
        return match (true) {
            $this->returnType === 'array' => $row,
            $this->returnType === 'object' => (object) $row,
            is_subclass_of($this->returnType, Entity::class) || $this->returnType === Entity::class
                => (new $this->returnType())->injectRawData($row),
            default => (new $this->returnType($row)),
        };
    }

    protected function tableName(): string
    {
        return $this->db->escapeIdentifiers($this->db->DBPrefix . $this->table);
    }

    protected function now(): int|string
    {
        return match ($this->dateFormat) {
            'int' => time(),
            'date' => date('Y-m-d'),
            default => date('Y-m-d H:i:s'),
        };
    }
}
