<?php

declare(strict_types=1);

namespace CodeIgniter\HTTP\Exceptions;

use RuntimeException;

/**
 * A request the app cannot read; the code is the HTTP status to answer with.
 */
class HTTPException extends RuntimeException
{
    public static function forInvalidJSON(?string $error = null): static
    {
        return new static("Failed to parse JSON string. Error: {$error}", 400);
    }
}
