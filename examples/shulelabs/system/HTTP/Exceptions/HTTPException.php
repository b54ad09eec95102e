<?php

declare(strict_types=1);

namespace CodeIgniter\HTTP\Exceptions;

/**
 * A request the app cannot read (e.g. a body that is not JSON); the code is the HTTP status.
 */
class HTTPException extends \RuntimeException
{
}
