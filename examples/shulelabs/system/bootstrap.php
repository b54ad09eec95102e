<?php

/**
 * Boots the ShuleLabs runtime: path constants, .env loading (real environment variables win), the
 * PSR-4 autoloader (core prefixes plus Config\Autoload::$psr4) and the global helpers CodeIgniter 4
 * provides (env, db_connect, log_message). A real CI4 install replaces this folder.
 */

declare(strict_types=1);

defined('ROOTPATH') || define('ROOTPATH', dirname(__DIR__) . DIRECTORY_SEPARATOR);
defined('SYSTEMPATH') || define('SYSTEMPATH', __DIR__ . DIRECTORY_SEPARATOR);
defined('APPPATH') || define('APPPATH', ROOTPATH . 'app' . DIRECTORY_SEPARATOR);
defined('WRITEPATH') || define('WRITEPATH', ROOTPATH . 'writable' . DIRECTORY_SEPARATOR);
defined('FCPATH') || define('FCPATH', ROOTPATH . 'public' . DIRECTORY_SEPARATOR);
defined('TESTPATH') || define('TESTPATH', ROOTPATH . 'tests' . DIRECTORY_SEPARATOR);
defined('APP_NAMESPACE') || define('APP_NAMESPACE', 'App');

(static function (): void {
    // KEY=value lines of ROOTPATH/.env (optionally "export KEY=value", values optionally quoted).
    foreach (is_file(ROOTPATH . '.env') ? file(ROOTPATH . '.env', FILE_IGNORE_NEW_LINES) : [] as $line) {
        if (preg_match('/^\s*(?:export\s+)?([\w.]+)\s*=\s*(.*?)\s*$/', $line, $m) && getenv($m[1]) === false && ! isset($_ENV[$m[1]])) {
            $value = trim($m[2], "\"'");
            putenv("{$m[1]}={$value}");
            $_ENV[$m[1]] = $_SERVER[$m[1]] = $value;
        }
    }

    $prefixes = ['CodeIgniter' => SYSTEMPATH, 'Config' => APPPATH . 'Config', 'App' => APPPATH, 'Tests' => TESTPATH];
    spl_autoload_register(static function (string $class) use (&$prefixes): void {
        foreach ($prefixes as $prefix => $dir) {
            $file = rtrim($dir, '/\\') . '/' . str_replace('\\', '/', substr($class, strlen($prefix) + 1)) . '.php';
            if (str_starts_with($class, $prefix . '\\') && is_file($file)) {
                require_once $file;
                return;
            }
        }
    }, true, true);
    $prefixes = (new Config\Autoload())->psr4 + $prefixes; // longest prefix first: modules before App
    uksort($prefixes, static fn (string $a, string $b): int => strlen($b) <=> strlen($a));
})();

defined('ENVIRONMENT') || define('ENVIRONMENT', (string) (getenv('CI_ENVIRONMENT') ?: 'production'));

if (! function_exists('env')) {
    /**
     * An environment variable like CI4's env(): "true"/"false"/"null"/"empty" become PHP values.
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
        $file = WRITEPATH . 'logs/log-' . date('Y-m-d') . '.log';
        return (is_dir(dirname($file)) && @file_put_contents($file, $line, FILE_APPEND) !== false) || error_log(rtrim($line));
    }
}
