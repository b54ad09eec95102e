<?php

/**
 * Front controller. Also the router script of PHP's built-in server:
 *   php -S 127.0.0.1:8080 -t public public/index.php
 */

declare(strict_types=1);

if (PHP_SAPI === 'cli-server') {
    $file = __DIR__ . parse_url((string) $_SERVER['REQUEST_URI'], PHP_URL_PATH);
    if ($file !== __FILE__ && is_file($file)) {
        return false;
    }
}

require dirname(__DIR__) . '/system/bootstrap.php';

(new CodeIgniter\CodeIgniter())->run();
