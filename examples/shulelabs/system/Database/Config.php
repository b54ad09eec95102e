<?php

declare(strict_types=1);

namespace CodeIgniter\Database;

use CodeIgniter\Config\BaseConfig;
use CodeIgniter\Database\Exceptions\DatabaseException;

/**
 * Base of Config\Database: connection groups and the shared connections (CI4's Database\Config).
 */
class Config extends BaseConfig
{
    public string $defaultGroup = 'default';

    /** @var array<string, BaseConnection> */
    protected static array $instances = [];

    public static function connect(?string $group = null, bool $getShared = true): BaseConnection
    {
        $config = new static();
        $group ??= $config->defaultGroup;
        if (! is_array($config->{$group} ?? null)) {
            throw new DatabaseException("Database group \"{$group}\" is not defined in app/Config/Database.php.");
        }
        if (! $getShared) {
            return new BaseConnection($config->{$group});
        }
        return static::$instances[$group] ??= new BaseConnection($config->{$group});
    }

    public static function forge(?string $group = null): Forge
    {
        return new Forge(static::connect($group));
    }

    /**
     * Runtime-only: drops the shared connections so the next connect() opens a fresh database
     * (used by DatabaseTestTrait; CI4 tests do the same through its mocks).
     */
    public static function forgetConnections(): void
    {
        static::$instances = [];
    }
}
