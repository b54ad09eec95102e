<?php

namespace Tests\Unit;

use App\Modules\Classes\Entities\SchoolClass;
use App\Modules\Classes\Models\ClassModel;
use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;

/**
 * @internal
 */
final class ClassModelTest extends CIUnitTestCase
{
    use DatabaseTestTrait;

    private ClassModel $model;

    protected function setUp(): void
    {
        parent::setUp();
        $this->model = new ClassModel();
    }

    public function testInsertStoresAValidClassWithTimestamps(): void
    {
        $newId = $this->model->insert(['name' => 'Grade 4 West', 'grade_level' => 4, 'stream' => 'West']);

        $this->assertIsInt($newId);
        $class = $this->model->find($newId);
        $this->assertInstanceOf(SchoolClass::class, $class);
        $this->assertSame(4, $class->grade_level);
        $this->assertSame(40, $class->capacity);
        $this->assertNotNull($class->created_at);
        $this->assertSame('Grade 4 (West)', $class->label());
    }

    public function testRejectsGradeOutsideOneToTwelve(): void
    {
        $this->assertFalse($this->model->insert(['name' => 'Grade 13', 'grade_level' => 13]));
        $this->assertSame(
            ['grade_level' => 'The grade_level field must be between 1 and 12.'],
            $this->model->errors()
        );
    }

    public function testRejectsDuplicateNameButAllowsUpdatingItself(): void
    {
        $newId = $this->model->insert(['name' => 'Grade 5', 'grade_level' => 5]);

        $this->assertFalse($this->model->insert(['name' => 'Grade 5', 'grade_level' => 6]));
        $this->assertSame('A class named "Grade 5" already exists.', $this->model->errors()['name']);
        $this->assertTrue($this->model->update($newId, ['id' => $newId, 'name' => 'Grade 5', 'capacity' => 30]));
        $this->assertSame(30, $this->model->find($newId)->capacity);
    }

    public function testStudentCountCountsEnrolledStudents(): void
    {
        $classId = $this->model->insert(['name' => 'Grade 2', 'grade_level' => 2]);
        $this->db->query(
            'INSERT INTO students (class_id, admission_no, first_name, last_name, gender) VALUES (?, ?, ?, ?, ?)',
            [$classId, 'SL-2024-010', 'Ann', 'Wanjiru', 'female']
        );

        $this->assertSame(1, $this->model->studentCount($classId));
        $this->assertSame(0, $this->model->studentCount(999));
    }

    public function testLabelWithoutStream(): void
    {
        $this->assertSame('Grade 3', (new SchoolClass(['grade_level' => 3]))->label());
    }
}
