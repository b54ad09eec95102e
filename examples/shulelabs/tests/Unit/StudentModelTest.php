<?php

namespace Tests\Unit;

use App\Modules\Classes\Models\ClassModel;
use App\Modules\Students\Entities\Student;
use App\Modules\Students\Models\StudentModel;
use CodeIgniter\Database\Exceptions\DataException;
use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;

/**
 * @internal
 */
final class StudentModelTest extends CIUnitTestCase
{
    use DatabaseTestTrait;

    private StudentModel $model;
    private int $classId;

    protected function setUp(): void
    {
        parent::setUp();
        $this->model = new StudentModel();
        $this->classId = (new ClassModel())->insert(['name' => 'Grade 7 East', 'grade_level' => 7]);
    }

    /**
     * @return array<string, mixed>
     */
    private function valid(array $overrides = []): array
    {
        return array_merge([
            'class_id' => $this->classId,
            'admission_no' => 'SL-2024-001',
            'first_name' => 'Amina',
            'last_name' => 'Otieno',
            'email' => 'amina@example.com',
            'date_of_birth' => '2011-05-09',
            'gender' => 'female',
        ], $overrides);
    }

    public function testInsertReturnsIdAndEntity(): void
    {
        $newId = $this->model->insert($this->valid());

        $student = $this->model->find($newId);
        $this->assertInstanceOf(Student::class, $student);
        $this->assertSame('Amina Otieno', $student->fullName());
        $this->assertSame($this->classId, $student->class_id);
        $this->assertSame(12, $student->ageOn('2023-06-01'));
        $this->seeInDatabase('students', ['admission_no' => 'SL-2024-001']);
    }

    public function testAgeIsNullWithoutDateOfBirth(): void
    {
        $this->assertNull((new Student(['date_of_birth' => null]))->ageOn('2024-01-01'));
    }

    /**
     * @dataProvider invalidFields
     */
    public function testRejectsInvalidField(string $field, mixed $value, string $message): void
    {
        $this->assertFalse($this->model->insert($this->valid([$field => $value])));
        $this->assertSame($message, $this->model->errors()[$field] ?? null);
        $this->dontSeeInDatabase('students', ['admission_no' => 'SL-2024-001']);
    }

    /**
     * @return array<string, array{0: string, 1: mixed, 2: string}>
     */
    public static function invalidFields(): array
    {
        return [
            'missing class' => ['class_id', 999, 'Class 999 does not exist.'],
            'bad admission no' => ['admission_no', 'X-1', 'The admission_no field must look like SL-2024-001.'],
            'short name' => ['first_name', 'A', 'The first_name field must be at least 2 characters in length.'],
            'digits in name' => [
                'last_name', 'R2D2', 'The last_name field may only contain alphabetical characters and spaces.',
            ],
            'bad email' => ['email', 'not-an-email', 'The email field must contain a valid email address.'],
            'bad date' => ['date_of_birth', '2011-02-30', 'The date_of_birth field must contain a valid date.'],
            'bad gender' => ['gender', 'unknown', 'The gender field must be one of: female,male,other.'],
        ];
    }

    public function testAdmissionNumberMustBeUnique(): void
    {
        $this->model->insert($this->valid());

        $this->assertFalse($this->model->insert($this->valid(['email' => 'other@example.com'])));
        $this->assertSame('Admission number SL-2024-001 is already taken.', $this->model->errors()['admission_no']);
    }

    public function testPartialUpdateKeepsOtherFields(): void
    {
        $newId = $this->model->insert($this->valid());

        $this->assertTrue($this->model->update($newId, ['id' => $newId, 'last_name' => 'Achieng']));
        $student = $this->model->find($newId);
        $this->assertSame('Achieng', $student->last_name);
        $this->assertSame('amina@example.com', $student->email);
    }

    public function testEmptyInsertThrowsLikeCodeIgniter(): void
    {
        $this->expectException(DataException::class);
        $this->expectExceptionMessage('There is no data to insert.');
        $this->model->insert([]);
    }

    public function testDeleteRemovesTheRow(): void
    {
        $newId = $this->model->insert($this->valid());

        $this->assertTrue($this->model->delete($newId));
        $this->assertNull($this->model->find($newId));
    }
}
