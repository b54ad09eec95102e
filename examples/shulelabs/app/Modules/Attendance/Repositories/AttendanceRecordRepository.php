<?php

declare(strict_types=1);

namespace App\Modules\Attendance\Repositories;

use App\Modules\Attendance\Entities\AttendanceRecord;
use App\Modules\Attendance\Models\AttendanceRecordModel;

/**
 * AttendanceRecordRepositoryInterface on top of the CI4 model.
 */
final class AttendanceRecordRepository implements AttendanceRecordRepositoryInterface
{
    /**
     * @var array<string, string>
     */
    private array $lastErrors = [];

    public function __construct(private readonly AttendanceRecordModel $model)
    {
    }

    public function findAll(int $limit, int $offset): array
    {
        $rows = $this->model->orderBy('id', 'ASC')->findAll($limit, $offset);

        return array_values(array_map(static fn (AttendanceRecord $row): array => $row->toArray(), $rows));
    }

    public function findById(int $rowId): ?array
    {
        $row = $this->model->find($rowId);

        return $row instanceof AttendanceRecord ? $row->toArray() : null;
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
