<?php

declare(strict_types=1);

namespace CodeIgniter;

/**
 * PSR-4 autoloader: the core prefixes plus every namespace listed in Config\Autoload::$psr4.
 */
final class Autoloader
{
    /** @var array<string, string> prefix => directory, longest prefix first */
    private array $prefixes = [];

    /**
     * @param array<string, string> $core
     */
    public static function register(array $core): self
    {
        $loader = new self();
        $loader->addNamespaces($core);
        spl_autoload_register([$loader, 'loadClass'], true, true);
        if (class_exists(\Config\Autoload::class)) {
            $loader->addNamespaces((new \Config\Autoload())->psr4);
        }
        return $loader;
    }

    /**
     * @param array<string, string> $namespaces
     */
    public function addNamespaces(array $namespaces): void
    {
        foreach ($namespaces as $prefix => $dir) {
            $this->prefixes[trim($prefix, '\\') . '\\'] = rtrim($dir, '/\\') . DIRECTORY_SEPARATOR;
        }
        uksort($this->prefixes, static fn (string $a, string $b): int => strlen($b) <=> strlen($a));
    }

    public function loadClass(string $class): bool
    {
        foreach ($this->prefixes as $prefix => $dir) {
            if (str_starts_with($class, $prefix)) {
                $file = $dir . str_replace('\\', DIRECTORY_SEPARATOR, substr($class, strlen($prefix))) . '.php';
                if (is_file($file)) {
                    require_once $file;
                    return true;
                }
            }
        }
        return false;
    }
}
