<?php

declare(strict_types=1);

namespace CodeIgniter\Validation\Exceptions;

/**
 * A rule set that cannot be run (unknown rule).
 */
class ValidationException extends \RuntimeException
{
}
