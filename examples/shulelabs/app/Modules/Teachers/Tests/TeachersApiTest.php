<?php

declare(strict_types=1);

namespace App\Modules\Teachers\Tests;

use App\Modules\Teachers\Models\TeacherModel;
use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;
use CodeIgniter\Test\FeatureTestTrait;

/**
 * Every endpoint of /api/teachers, through the router, the controller and the database.
 *
 * @internal
 *
 * @SuppressWarnings(PHPMD.TooManyPublicMethods) one test method per endpoint and outcome
 */
final class TeachersApiTest extends CIUnitTestCase
{
    use DatabaseTestTrait;
    use FeatureTestTrait;

    protected function setUp(): void
    {
        // Set here, not redeclared: the test-case base class or the trait already declares it.
        $this->namespace = 'App\Modules\Teachers';
        parent::setUp();
    }

    private function seedRow(): int
    {
        $rowId = (new TeacherModel())->insert([
            'first_name' => 'FirstName1',
            'last_name' => 'LastName1',
            'email' => 'email1@example.com',
            'phone' => 'Phone1',
            'status' => 'active',
            'hired_on' => '2024-01-01',
            'class_id' => 1,
        ]);
        $this->assertIsNumeric($rowId);

        return (int) $rowId;
    }

    /**
     * @return array<string, mixed>
     */
    private function body(string $json): array
    {
        $decoded = json_decode($json, true);
        $this->assertIsArray($decoded);

        return $decoded;
    }

    public function testIndexListsRows(): void
    {
        $rowId = $this->seedRow();

        $result = $this->get('api/teachers');

        $result->assertStatus(200);
        $body = $this->body($result->getJSON());
        $this->assertCount(1, $body['data']);
        $this->assertSame($rowId, $body['data'][0]['id']);
    }

    public function testShowReturnsTheRow(): void
    {
        $rowId = $this->seedRow();

        $result = $this->get('api/teachers/' . $rowId);

        $result->assertStatus(200);
        $body = $this->body($result->getJSON());
        $this->assertSame($rowId, $body['data']['id']);
        $this->assertEquals('FirstName1', $body['data']['first_name']);
    }

    public function testShowUnknownIs404(): void
    {
        $this->get('api/teachers/999999')->assertStatus(404);
    }

    public function testCreateReturns201(): void
    {
        $result = $this->withBodyFormat('json')->post('api/teachers', [
            'first_name' => 'FirstName2',
            'last_name' => 'LastName2',
            'email' => 'email2@example.com',
            'phone' => 'Phone2',
            'status' => 'active',
            'hired_on' => '2024-01-02',
            'class_id' => 2,
        ]);

        $result->assertStatus(201);
        $this->assertIsInt($this->body($result->getJSON())['data']['id']);
        $this->seeInDatabase('teachers', ['first_name' => 'FirstName2']);
    }

    public function testCreateRejectsAnInvalidField(): void
    {
        $payload = [
            'first_name' => 'FirstName2',
            'last_name' => 'LastName2',
            'email' => 'email2@example.com',
            'phone' => 'Phone2',
            'status' => 'active',
            'hired_on' => '2024-01-02',
            'class_id' => 2,
        ];
        $payload['first_name'] = str_repeat('x', 81);

        $result = $this->withBodyFormat('json')->post('api/teachers', $payload);

        $result->assertStatus(400);
        $this->assertArrayHasKey('first_name', $this->body($result->getJSON())['messages']);
    }

    public function testCreateRejectsAnEmptyObject(): void
    {
        $result = $this->withBodyFormat('json')->post('api/teachers', []);

        $result->assertStatus(400);
        $this->assertArrayHasKey('body', $this->body($result->getJSON())['messages']);
    }

    public function testCreateRejectsABodyThatIsNotJson(): void
    {
        $result = $this->post('api/teachers', ['first_name' => 'form-encoded']);

        $result->assertStatus(400);
        $this->dontSeeInDatabase('teachers', ['first_name' => 'form-encoded']);
    }

    public function testUpdateChangesTheRow(): void
    {
        $rowId = $this->seedRow();

        $payload = ['first_name' => 'FirstName2'];

        $result = $this->withBodyFormat('json')->put('api/teachers/' . $rowId, $payload);

        $result->assertStatus(200);
        $this->seeInDatabase('teachers', ['id' => $rowId, 'first_name' => 'FirstName2']);
    }

    public function testUpdateRejectsAnInvalidField(): void
    {
        $rowId = $this->seedRow();
        $payload = ['first_name' => str_repeat('x', 81)];

        $result = $this->withBodyFormat('json')->put('api/teachers/' . $rowId, $payload);

        $result->assertStatus(400);
    }

    public function testUpdateRejectsABodyThatIsNotJson(): void
    {
        $rowId = $this->seedRow();

        $this->put('api/teachers/' . $rowId, ['first_name' => 'form-encoded'])->assertStatus(400);
    }

    public function testUpdateUnknownIs404(): void
    {
        $payload = ['first_name' => 'FirstName2'];

        $this->withBodyFormat('json')->put('api/teachers/999999', $payload)->assertStatus(404);
    }

    public function testDeleteRemovesTheRow(): void
    {
        $rowId = $this->seedRow();

        $this->delete('api/teachers/' . $rowId)->assertStatus(200);
        $this->dontSeeInDatabase('teachers', ['id' => $rowId]);
    }

    public function testDeleteUnknownIs404(): void
    {
        $this->delete('api/teachers/999999')->assertStatus(404);
    }
}
