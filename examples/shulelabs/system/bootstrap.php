<?php

/**
 * Boots the ShuleLabs runtime: path constants, the PSR-4 autoloader, .env loading and the few global
 * helper functions CodeIgniter 4 provides (env, db_connect). A real CI4 install replaces this folder.
 */

declare(strict_types=1);

defined('ROOTPATH') || define('ROOTPATH', dirname(__DIR__) . DIRECTORY_SEPARATOR);
defined('SYSTEMPATH') || define('SYSTEMPATH', __DIR__ . DIRECTORY_SEPARATOR);
defined('APPPATH') || define('APPPATH', ROOTPATH . 'app' . DIRECTORY_SEPARATOR);
defined('WRITEPATH') || define('WRITEPATH', ROOTPATH . 'writable' . DIRECTORY_SEPARATOR);
defined('FCPATH') || define('FCPATH', ROOTPATH . 'public' . DIRECTORY_SEPARATOR);
defined('TESTPATH') || define('TESTPATH', ROOTPATH . 'tests' . DIRECTORY_SEPARATOR);
defined('APP_NAMESPACE') || define('APP_NAMESPACE', 'App');

require_once SYSTEMPATH . 'Config/DotEnv.php';
require_once SYSTEMPATH . 'Autoloader.php';

(new CodeIgniter\Config\DotEnv(ROOTPATH))->load();
defined('ENVIRONMENT') || define('ENVIRONMENT', (string) (getenv('CI_ENVIRONMENT') ?: 'production'));

CodeIgniter\Autoloader::register([
    'CodeIgniter' => SYSTEMPATH,
    'Config'      => APPPATH . 'Config',
    'App'         => APPPATH,
    'Tests'       => TESTPATH,
]);

if (! function_exists('env')) {
    /**
     * Reads an environment variable like CI4's env(): "true"/"false"/"null"/"empty" become PHP values.
     */
    function env(string $key, mixed $default = null): mixed
    {
        $value = $_ENV[$key] ?? $_SERVER[$key] ?? getenv($key);
        if ($value === false || $value === null) {
            return $default;
        }
        return match (strtolower((string) $value)) {
            'true' => true,
            'false' => false,
            'empty' => '',
            'null' => null,
            default => $value,
        };
    }
}

if (! function_exists('db_connect')) {
    /**
     * The shared connection of a group (CI4's db_connect()).
     */
    function db_connect(?string $group = null, bool $getShared = true): CodeIgniter\Database\BaseConnection
    {
        return Config\Database::connect($group, $getShared);
    }
}

if (! function_exists('log_message')) {
    /**
     * Appends a line to writable/logs/log-<date>.log (CI4's log_message()); falls back to error_log().
     *
     * @param array<string, mixed> $context
     */
    function log_message(string $level, string $message, array $context = []): bool
    {
        $line = sprintf("%s %s --> %s\n", strtoupper($level), date('Y-m-d H:i:s'), strtr($message, array_map('strval', $context)));
        $file = WRITEPATH . 'logs' . DIRECTORY_SEPARATOR . 'log-' . date('Y-m-d') . '.log';
        if (is_dir(dirname($file)) && @file_put_contents($file, $line, FILE_APPEND) !== false) {
            return true;
        }
        return error_log(rtrim($line));
    }
}
