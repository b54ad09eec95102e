<?php

declare(strict_types=1);

namespace CodeIgniter\Config;

/**
 * Loads KEY=value lines of ROOTPATH/.env into the environment without overriding real variables,
 * as CI4's DotEnv does.
 */
class DotEnv
{
    public function __construct(private string $path, private string $file = '.env')
    {
    }

    public function load(): bool
    {
        $file = rtrim($this->path, '/\\') . DIRECTORY_SEPARATOR . $this->file;
        if (! is_file($file) || ! is_readable($file)) {
            return false;
        }
        foreach (file($file, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) ?: [] as $line) {
            $line = trim($line);
            if ($line === '' || $line[0] === '#' || ! str_contains($line, '=')) {
                continue;
            }
            [$name, $value] = array_map('trim', explode('=', $line, 2));
            $name = preg_replace('/^export\s+/', '', $name) ?? $name;
            $value = trim($value, "\"'");
            if (getenv($name) === false && ! isset($_ENV[$name])) {
                putenv("{$name}={$value}");
                $_ENV[$name] = $value;
                $_SERVER[$name] = $value;
            }
        }
        return true;
    }
}
