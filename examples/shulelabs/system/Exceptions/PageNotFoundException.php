<?php

declare(strict_types=1);

namespace CodeIgniter\Exceptions;

/**
 * No route, controller or controller method for the request (HTTP 404).
 */
class PageNotFoundException extends \RuntimeException
{
}
