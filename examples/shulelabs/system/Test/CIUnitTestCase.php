<?php

declare(strict_types=1);

namespace CodeIgniter\Test;

use CodeIgniter\Database\BaseConnection;
use PHPUnit\Framework\TestCase;

/**
 * Base test case: runs setUp<Trait>() / tearDown<Trait>() of the test traits used, as CI4 does
 * (e.g. setUpDatabase() of DatabaseTestTrait).
 */
abstract class CIUnitTestCase extends TestCase
{
    /** @var bool DatabaseTestTrait: apply the migrations */
    protected $migrate = true;
    /** @var bool DatabaseTestTrait: a fresh database for every test */
    protected $refresh = true;
    /** @var string|null DatabaseTestTrait: migrations of this namespace (this runtime runs them all) */
    protected $namespace = 'App';
    /** @var BaseConnection DatabaseTestTrait: the test database */
    protected $db;

    protected function setUp(): void
    {
        parent::setUp();
        foreach ($this->traitNames() as $trait) {
            if (method_exists($this, 'setUp' . $trait)) {
                $this->{'setUp' . $trait}();
            }
        }
    }

    protected function tearDown(): void
    {
        foreach ($this->traitNames() as $trait) {
            if (method_exists($this, 'tearDown' . $trait)) {
                $this->{'tearDown' . $trait}();
            }
        }
        parent::tearDown();
    }

    /**
     * @return list<string> short names of the traits used by the test class and its parents
     */
    private function traitNames(): array
    {
        $names = [];
        for ($class = static::class; $class !== false; $class = get_parent_class($class)) {
            foreach (class_uses($class) ?: [] as $trait) {
                $short = substr((string) strrchr('\\' . $trait, '\\'), 1);
                $names[] = str_replace('TestTrait', '', $short);
            }
        }
        return array_values(array_unique($names));
    }
}
