<?php

namespace Config;

use CodeIgniter\Database\Config;

/**
 * Database connections. SQLite; the file comes from env database.default.database or
 * DB_DATABASE, else writable/database.sqlite. Relative paths are relative to the app root.
 */
class Database extends Config
{
    public string $defaultGroup = 'default';

    /**
     * @var array<string, mixed>
     */
    public array $default = [
        'DSN' => '',
        'hostname' => '',
        'username' => '',
        'password' => '',
        'database' => '',
        'DBDriver' => 'SQLite3',
        'DBPrefix' => '',
        'foreignKeys' => true,
    ];

    /**
     * Used by the tests (CI_ENVIRONMENT=testing): in memory unless database.tests.database is set.
     *
     * @var array<string, mixed>
     */
    public array $tests = [
        'DSN' => '',
        'hostname' => '',
        'username' => '',
        'password' => '',
        'database' => ':memory:',
        'DBDriver' => 'SQLite3',
        'DBPrefix' => '',
        'foreignKeys' => true,
    ];

    public function __construct()
    {
        $this->default['database'] = (string) env('DB_DATABASE', WRITEPATH . 'database.sqlite');
        parent::__construct();
        if (ENVIRONMENT === 'testing') {
            $this->defaultGroup = 'tests';
        }
    }
}
