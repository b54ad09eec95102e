<?php

declare(strict_types=1);

namespace CodeIgniter\Database\Exceptions;

/**
 * A database error (connection, SQL); the message names the statement.
 */
class DatabaseException extends \RuntimeException
{
}
