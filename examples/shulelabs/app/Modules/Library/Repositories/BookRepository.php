<?php

declare(strict_types=1);

namespace App\Modules\Library\Repositories;

use App\Modules\Library\Entities\Book;
use App\Modules\Library\Models\BookModel;

/**
 * BookRepositoryInterface on top of the CI4 model.
 */
final class BookRepository implements BookRepositoryInterface
{
    /**
     * @var array<string, string>
     */
    private array $lastErrors = [];

    public function __construct(private readonly BookModel $model)
    {
    }

    public function findAll(int $limit, int $offset): array
    {
        $rows = $this->model->orderBy('id', 'ASC')->findAll($limit, $offset);

        return array_values(array_map(static fn (Book $row): array => $row->toArray(), $rows));
    }

    public function findById(int $rowId): ?array
    {
        $row = $this->model->find($rowId);

        return $row instanceof Book ? $row->toArray() : null;
    }

    public function insert(array $data): ?int
    {
        $rowId = $this->model->insert($data);
        if ($rowId === false) {
            // errors() only after a failed write: before any query it can fail on SQLite.
            $this->lastErrors = $this->model->errors();

            return null;
        }

        return (int) $rowId;
    }

    public function update(int $rowId, array $data): bool
    {
        // is_unique[...,id,{id}] reads the id from the data; the model has a rule for it.
        $data = ['id' => $rowId] + $data;
        if ($this->model->update($rowId, $data) === false) {
            $this->lastErrors = $this->model->errors();

            return false;
        }

        return true;
    }

    public function delete(int $rowId): bool
    {
        return $this->model->delete($rowId) !== false;
    }

    public function errors(): array
    {
        return $this->lastErrors;
    }
}
