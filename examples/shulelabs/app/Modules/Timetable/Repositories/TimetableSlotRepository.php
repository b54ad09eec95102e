<?php

declare(strict_types=1);

namespace App\Modules\Timetable\Repositories;

use App\Modules\Timetable\Entities\TimetableSlot;
use App\Modules\Timetable\Models\TimetableSlotModel;

/**
 * TimetableSlotRepositoryInterface on top of the CI4 model.
 */
final class TimetableSlotRepository implements TimetableSlotRepositoryInterface
{
    /**
     * @var array<string, string>
     */
    private array $lastErrors = [];

    public function __construct(private readonly TimetableSlotModel $model)
    {
    }

    public function findAll(int $limit, int $offset): array
    {
        $rows = $this->model->orderBy('id', 'ASC')->findAll($limit, $offset);

        return array_values(array_map(static fn (TimetableSlot $row): array => $row->toArray(), $rows));
    }

    public function findById(int $rowId): ?array
    {
        $row = $this->model->find($rowId);

        return $row instanceof TimetableSlot ? $row->toArray() : null;
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
