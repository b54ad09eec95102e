<?php

declare(strict_types=1);

namespace App\Modules\Guardians\Repositories;

use App\Modules\Guardians\Entities\Guardian;
use App\Modules\Guardians\Models\GuardianModel;

/**
 * GuardianRepositoryInterface on top of the CI4 model.
 */
final class GuardianRepository implements GuardianRepositoryInterface
{
    /**
     * @var array<string, string>
     */
    private array $lastErrors = [];

    public function __construct(private readonly GuardianModel $model)
    {
    }

    public function findAll(int $limit, int $offset): array
    {
        $rows = $this->model->orderBy('id', 'ASC')->findAll($limit, $offset);

        return array_values(array_map(static fn (Guardian $row): array => $row->toArray(), $rows));
    }

    public function findById(int $rowId): ?array
    {
        $row = $this->model->find($rowId);

        return $row instanceof Guardian ? $row->toArray() : null;
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
