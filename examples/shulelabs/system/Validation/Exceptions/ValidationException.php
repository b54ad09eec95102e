<?php

declare(strict_types=1);

namespace CodeIgniter\Validation\Exceptions;

use RuntimeException;

/**
 * A rule set that cannot be run (unknown rule, bad parameter).
 */
class ValidationException extends RuntimeException
{
    public static function forRuleNotFound(string $rule): static
    {
        return new static("{$rule} is not a valid rule; see system/Validation/Rules.php for the rules provided.");
    }
}
