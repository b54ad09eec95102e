<?php

namespace Tests\Feature;

use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;
use CodeIgniter\Test\FeatureTestTrait;

/**
 * @internal
 */
final class ClassesApiTest extends CIUnitTestCase
{
    use DatabaseTestTrait;
    use FeatureTestTrait;

    private function createClass(string $name = 'Grade 8 North', int $grade = 8): int
    {
        $result = $this->withBodyFormat('json')->post('api/classes', ['name' => $name, 'grade_level' => $grade]);
        $result->assertStatus(201);

        return json_decode($result->getJSON(), true)['id'];
    }

    public function testCreateReturns201WithTheClass(): void
    {
        $result = $this->withBodyFormat('json')
            ->post('api/classes', ['name' => 'Grade 1 Blue', 'grade_level' => 1, 'stream' => 'Blue']);

        $result->assertStatus(201);
        $result->assertJSONFragment(['name' => 'Grade 1 Blue', 'grade_level' => 1, 'capacity' => 40]);
    }

    public function testCreateWithInvalidDataReturns400(): void
    {
        $result = $this->withBodyFormat('json')->post('api/classes', ['name' => '', 'grade_level' => 'ten']);

        $result->assertStatus(400);
        $result->assertJSONFragment(['messages' => ['name' => 'The name field is required.']]);
    }

    public function testCreateWithBrokenJsonReturns400(): void
    {
        $this->withBodyFormat('json')->withBody('{"name": ')->post('api/classes')->assertStatus(400);
    }

    public function testIndexFiltersByGradeLevel(): void
    {
        $this->createClass('Grade 8 North', 8);
        $this->createClass('Grade 9 North', 9);

        $all = json_decode($this->get('api/classes')->getJSON(), true);
        $result = $this->get('api/classes', ['grade_level' => 9]);

        $result->assertStatus(200);
        $this->assertCount(2, $all);
        $this->assertSame(['Grade 9 North'], array_column(json_decode($result->getJSON(), true), 'name'));
    }

    public function testShowReturnsTheClassOr404(): void
    {
        $classId = $this->createClass();

        $this->get("api/classes/{$classId}")->assertJSONFragment(['id' => $classId, 'name' => 'Grade 8 North']);
        $this->get('api/classes/999')->assertStatus(404);
    }

    public function testPutAndPatchUpdate(): void
    {
        $classId = $this->createClass();

        $this->withBodyFormat('json')->put("api/classes/{$classId}", ['capacity' => 35])
            ->assertJSONFragment(['capacity' => 35, 'name' => 'Grade 8 North']);
        $this->withBodyFormat('json')->patch("api/classes/{$classId}", ['stream' => 'North'])
            ->assertJSONFragment(['stream' => 'North', 'capacity' => 35]);
    }

    public function testUpdateErrors(): void
    {
        $classId = $this->createClass();
        $this->createClass('Grade 9 South', 9);

        $this->withBodyFormat('json')->put('api/classes/999', ['capacity' => 35])->assertStatus(404);
        $this->withBodyFormat('json')->put("api/classes/{$classId}", ['name' => 'Grade 9 South'])->assertStatus(400);
        $this->withBodyFormat('json')->put("api/classes/{$classId}", [])->assertStatus(400);
        $this->withBodyFormat('json')->put("api/classes/{$classId}", ['unknown' => 1])->assertStatus(400);
    }

    public function testDeleteRefusesAClassWithStudents(): void
    {
        $classId = $this->createClass();
        $this->withBodyFormat('json')->post('api/students', [
            'class_id' => $classId, 'admission_no' => 'SL-2024-100', 'first_name' => 'Juma',
            'last_name' => 'Mwangi', 'gender' => 'male',
        ])->assertStatus(201);

        $result = $this->delete("api/classes/{$classId}");

        $result->assertStatus(400);
        $message = "Class {$classId} still has 1 student(s); move or delete them first.";
        $result->assertJSONFragment(['messages' => ['id' => $message]]);
    }

    public function testDeleteReturns200ThenTheClassIsGone(): void
    {
        $classId = $this->createClass();

        $this->delete("api/classes/{$classId}")->assertJSONExact(['id' => $classId]);
        $this->delete("api/classes/{$classId}")->assertStatus(404);
        $this->get("api/classes/{$classId}")->assertStatus(404);
    }
}
