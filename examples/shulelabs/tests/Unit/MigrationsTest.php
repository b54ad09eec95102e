<?php

namespace Tests\Unit;

use CodeIgniter\Database\MigrationRunner;
use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;

/**
 * @internal
 */
final class MigrationsTest extends CIUnitTestCase
{
    use DatabaseTestTrait;

    /**
     * @var bool
     */
    protected $migrate = false;

    public function testEveryMigrationAppliesRollsBackAndAppliesAgain(): void
    {
        $runner = new MigrationRunner($this->db);

        $runner->latest();
        $this->assertTrue($this->db->tableExists('classes'));
        $this->assertTrue($this->db->tableExists('students'));
        $this->assertCount(count($runner->findMigrations()), $runner->getHistory());

        $runner->regress(0);
        $this->assertFalse($this->db->tableExists('students'));
        $this->assertFalse($this->db->tableExists('classes'));
        $this->assertSame([], $runner->getHistory());

        $runner->latest();
        $this->assertTrue($this->db->tableExists('students'));
    }

    public function testStudentsNeedAnExistingClass(): void
    {
        (new MigrationRunner($this->db))->latest();

        $this->expectExceptionMessage('FOREIGN KEY constraint failed');
        $this->db->query(
            'INSERT INTO students (class_id, admission_no, first_name, last_name, gender) VALUES (?, ?, ?, ?, ?)',
            [42, 'SL-2024-001', 'Ann', 'Njeri', 'female']
        );
    }
}
