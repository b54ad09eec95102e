<?php

declare(strict_types=1);

namespace CodeIgniter\Database\Exceptions;

/**
 * Misuse of the Model API with the data given, e.g. "There is no data to insert.".
 */
class DataException extends \RuntimeException
{
    public static function forEmptyDataset(string $mode): static
    {
        return new static("There is no data to {$mode}.");
    }
}
