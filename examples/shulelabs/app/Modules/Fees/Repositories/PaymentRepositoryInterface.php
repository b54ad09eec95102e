<?php

declare(strict_types=1);

namespace App\Modules\Fees\Repositories;

/**
 * Storage of payments rows, as plain arrays.
 */
interface PaymentRepositoryInterface
{
    /**
     * @return list<array<string, mixed>>
     */
    public function findAll(int $limit, int $offset): array;

    /**
     * @return array<string, mixed>|null
     */
    public function findById(int $rowId): ?array;

    /**
     * @param array<string, mixed> $data
     *
     * @return int|null the new id, or null when validation failed (see errors())
     */
    public function insert(array $data): ?int;

    /**
     * @param array<string, mixed> $data
     */
    public function update(int $rowId, array $data): bool;

    public function delete(int $rowId): bool;

    /**
     * Validation errors of the last failed insert or update.
     *
     * @return array<string, string>
     */
    public function errors(): array;
}
