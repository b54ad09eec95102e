<?php

namespace Tests\Feature;

use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;
use CodeIgniter\Test\FeatureTestTrait;

/**
 * @internal
 */
final class StudentsApiTest extends CIUnitTestCase
{
    use DatabaseTestTrait;
    use FeatureTestTrait;

    private int $classId;

    protected function setUp(): void
    {
        parent::setUp();
        $result = $this->withBodyFormat('json')->post('api/classes', ['name' => 'Grade 6 Red', 'grade_level' => 6]);
        $this->classId = json_decode($result->getJSON(), true)['id'];
    }

    /**
     * @return array<string, mixed>
     */
    private function student(string $admissionNo = 'SL-2024-001', string $email = 'amina@example.com'): array
    {
        return [
            'class_id' => $this->classId, 'admission_no' => $admissionNo, 'first_name' => 'Amina',
            'last_name' => 'Otieno', 'email' => $email, 'gender' => 'female', 'date_of_birth' => '2012-01-31',
        ];
    }

    private function createStudent(string $admissionNo = 'SL-2024-001', string $email = 'amina@example.com'): int
    {
        $result = $this->withBodyFormat('json')->post('api/students', $this->student($admissionNo, $email));
        $result->assertStatus(201);

        return json_decode($result->getJSON(), true)['id'];
    }

    public function testCreateReturns201(): void
    {
        $result = $this->withBodyFormat('json')->post('api/students', $this->student());

        $result->assertStatus(201);
        $result->assertHeader('Content-Type', 'application/json; charset=UTF-8');
        $result->assertJSONFragment(['admission_no' => 'SL-2024-001', 'class_id' => $this->classId]);
    }

    public function testCreateValidatesEveryField(): void
    {
        $result = $this->withBodyFormat('json')->post('api/students', ['class_id' => 999, 'gender' => 'x']);

        $result->assertStatus(400);
        $errors = json_decode($result->getJSON(), true)['messages'];
        $this->assertSame(
            ['class_id', 'admission_no', 'first_name', 'last_name', 'gender'],
            array_keys($errors)
        );
    }

    public function testCreateWithoutBodyReturns400(): void
    {
        $this->withBodyFormat('json')->withBody('')->post('api/students')->assertStatus(400);
        $this->withBodyFormat('json')->withBody('[1, 2]')->post('api/students')->assertStatus(400);
    }

    public function testIndexListsAndFiltersByClass(): void
    {
        $this->createStudent('SL-2024-001', 'a@example.com');
        $this->createStudent('SL-2024-002', 'b@example.com');

        $this->get('api/students')->assertStatus(200);
        $this->assertCount(2, json_decode($this->get('api/students')->getJSON(), true));
        $this->assertSame([], json_decode($this->get('api/students', ['class_id' => 999])->getJSON(), true));
        $this->assertCount(2, json_decode($this->get("api/students?class_id={$this->classId}")->getJSON(), true));
    }

    public function testShowReturnsTheStudentOr404(): void
    {
        $studentId = $this->createStudent();

        $this->get("api/students/{$studentId}")
            ->assertJSONFragment(['first_name' => 'Amina', 'email' => 'amina@example.com']);
        $result = $this->get('api/students/12345');
        $result->assertStatus(404);
        $result->assertJSONFragment(['messages' => ['error' => 'Student 12345 not found.']]);
    }

    public function testPutAndPatchUpdate(): void
    {
        $studentId = $this->createStudent();

        $this->withBodyFormat('json')->put("api/students/{$studentId}", $this->student() + ['last_name' => 'X'])
            ->assertStatus(200);
        $this->withBodyFormat('json')->patch("api/students/{$studentId}", ['last_name' => 'Achieng'])
            ->assertJSONFragment(['last_name' => 'Achieng', 'admission_no' => 'SL-2024-001']);
    }

    public function testUpdateErrors(): void
    {
        $first = $this->createStudent('SL-2024-001', 'a@example.com');
        $this->createStudent('SL-2024-002', 'b@example.com');

        $this->withBodyFormat('json')->patch('api/students/999', ['last_name' => 'Achieng'])->assertStatus(404);
        $this->withBodyFormat('json')->patch("api/students/{$first}", ['email' => 'b@example.com'])
            ->assertJSONFragment(['messages' => ['email' => 'Another student already uses b@example.com.']]);
        $this->withBodyFormat('json')->withBody('nope')->patch("api/students/{$first}")->assertStatus(400);
        $this->withBodyFormat('json')->patch("api/students/{$first}", ['nickname' => 'Mimi'])->assertStatus(400);
    }

    public function testDeleteReturns200ThenTheStudentIsGone(): void
    {
        $studentId = $this->createStudent();

        $this->delete("api/students/{$studentId}")->assertJSONExact(['id' => $studentId]);
        $this->delete("api/students/{$studentId}")->assertStatus(404);
        $this->dontSeeInDatabase('students', ['id' => $studentId]);
    }
}
