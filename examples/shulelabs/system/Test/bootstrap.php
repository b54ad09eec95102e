<?php

/**
 * PHPUnit bootstrap (same path as CI4's): the testing environment, then the runtime.
 */

declare(strict_types=1);

defined('ENVIRONMENT') || define('ENVIRONMENT', 'testing');
putenv('CI_ENVIRONMENT=testing');

require_once dirname(__DIR__) . '/bootstrap.php';
