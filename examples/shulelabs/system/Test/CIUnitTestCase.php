<?php

declare(strict_types=1);

namespace CodeIgniter\Test;

use CodeIgniter\Database\BaseConnection;
use PHPUnit\Framework\TestCase;

/**
 * Base test case: runs setUpDatabase() / tearDownDatabase() of DatabaseTestTrait when it is used.
 */
abstract class CIUnitTestCase extends TestCase
{
    /** @var bool DatabaseTestTrait: apply the migrations */
    protected $migrate = true;
    /** @var string|null DatabaseTestTrait: migrations of this namespace (this runtime runs them all) */
    protected $namespace = 'App';
    /** @var BaseConnection DatabaseTestTrait: the test database */
    protected $db;

    protected function setUp(): void
    {
        parent::setUp();
        if (method_exists($this, 'setUpDatabase')) {
            $this->setUpDatabase();
        }
    }

    protected function tearDown(): void
    {
        if (method_exists($this, 'tearDownDatabase')) {
            $this->tearDownDatabase();
        }
        parent::tearDown();
    }
}
