<?php

declare(strict_types=1);

namespace CodeIgniter\Exceptions;

use RuntimeException;

/**
 * No route or no controller method for the request (HTTP 404).
 */
class PageNotFoundException extends RuntimeException
{
    public static function forPageNotFound(?string $message = null): static
    {
        return new static($message ?? 'Can\'t find a route for this request.', 404);
    }
}
