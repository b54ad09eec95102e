<?php

declare(strict_types=1);

namespace App\Modules\Library\Services;

use App\Modules\Library\Repositories\BookRepositoryInterface;

/**
 * Use cases of books: keeps only known fields and answers empty input with a validation
 * error before the model sees it (CI4's insert([]) and update($id, []) throw instead of validating).
 */
final class BookService
{
    /**
     * Fields a client may write.
     */
    public const FIELDS = ['isbn', 'title', 'author', 'copies', 'published_on'];

    public function __construct(private readonly BookRepositoryInterface $repository)
    {
    }

    /**
     * @return list<array<string, mixed>>
     */
    public function list(int $limit = 100, int $offset = 0): array
    {
        return $this->repository->findAll(max(1, min($limit, 1000)), max(0, $offset));
    }

    /**
     * @return array<string, mixed>|null
     */
    public function find(int $rowId): ?array
    {
        return $this->repository->findById($rowId);
    }

    /**
     * @param array<string, mixed> $data
     */
    public function create(array $data): ServiceResult
    {
        $fields = $this->known($data);
        if ($fields === []) {
            return $this->noFields();
        }
        $rowId = $this->repository->insert($fields);
        if ($rowId === null) {
            return new ServiceResult('invalid', null, $this->repository->errors());
        }

        return new ServiceResult('ok', $this->repository->findById($rowId));
    }

    /**
     * @param array<string, mixed> $data
     */
    public function update(int $rowId, array $data): ServiceResult
    {
        if ($this->repository->findById($rowId) === null) {
            return new ServiceResult('not_found');
        }
        $fields = $this->known($data);
        if ($fields === []) {
            return $this->noFields();
        }
        if (! $this->repository->update($rowId, $fields)) {
            return new ServiceResult('invalid', null, $this->repository->errors());
        }

        return new ServiceResult('ok', $this->repository->findById($rowId));
    }

    public function delete(int $rowId): bool
    {
        if ($this->repository->findById($rowId) === null) {
            return false;
        }

        return $this->repository->delete($rowId);
    }

    /**
     * @param array<string, mixed> $data
     *
     * @return array<string, mixed>
     */
    private function known(array $data): array
    {
        return array_intersect_key($data, array_flip(self::FIELDS));
    }

    private function noFields(): ServiceResult
    {
        $message = 'No known field; send some of: ' . implode(', ', self::FIELDS);

        return new ServiceResult('invalid', null, ['body' => $message]);
    }
}
