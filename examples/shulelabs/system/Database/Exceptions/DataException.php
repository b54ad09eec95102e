<?php

declare(strict_types=1);

namespace CodeIgniter\Database\Exceptions;

use RuntimeException;

/**
 * Misuse of the Model API with the data given (CI4's DataException factories).
 */
class DataException extends RuntimeException
{
    public static function forEmptyDataset(string $mode): static
    {
        return new static("There is no data to {$mode}.");
    }

    public static function forInvalidAllowedFields(string $model): static
    {
        return new static("Allowed fields must be specified for model: \"{$model}\"");
    }

    public static function forEmptyPrimaryKey(string $mode): static
    {
        return new static("There is no primary key defined when trying to make {$mode}.");
    }
}
