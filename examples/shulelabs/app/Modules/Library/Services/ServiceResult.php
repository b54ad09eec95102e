<?php

declare(strict_types=1);

namespace App\Modules\Library\Services;

/**
 * Outcome of a service write: status 'ok' with the stored item, 'invalid' with field errors,
 * or 'not_found'.
 */
final class ServiceResult
{
    /**
     * @param array<string, mixed>|null $item
     * @param array<string, string>     $errors
     */
    public function __construct(
        public readonly string $status,
        public readonly ?array $item = null,
        public readonly array $errors = [],
    ) {
    }
}
