<?php

declare(strict_types=1);

namespace App\Modules\Guardians\Tests;

use App\Modules\Guardians\Models\GuardianModel;
use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;
use CodeIgniter\Test\FeatureTestTrait;

/**
 * Every endpoint of /api/guardians, through the router, the controller and the database.
 *
 * @internal
 *
 * @SuppressWarnings(PHPMD.TooManyPublicMethods) one test method per endpoint and outcome
 */
final class GuardiansApiTest extends CIUnitTestCase
{
    use DatabaseTestTrait;
    use FeatureTestTrait;

    protected function setUp(): void
    {
        // Set here, not redeclared: the test-case base class or the trait already declares it.
        $this->namespace = 'App\Modules\Guardians';
        parent::setUp();
    }

    private function seedRow(): int
    {
        $rowId = (new GuardianModel())->insert([
            'full_name' => 'FullName1',
            'relationship' => 'mother',
            'phone' => 'Phone1',
            'email' => 'email1@example.com',
            'receives_reports' => 1,
            'student_id' => 1,
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

        $result = $this->get('api/guardians');

        $result->assertStatus(200);
        $body = $this->body($result->getJSON());
        $this->assertCount(1, $body['data']);
        $this->assertSame($rowId, $body['data'][0]['id']);
    }

    public function testShowReturnsTheRow(): void
    {
        $rowId = $this->seedRow();

        $result = $this->get('api/guardians/' . $rowId);

        $result->assertStatus(200);
        $body = $this->body($result->getJSON());
        $this->assertSame($rowId, $body['data']['id']);
        $this->assertEquals('FullName1', $body['data']['full_name']);
    }

    public function testShowUnknownIs404(): void
    {
        $this->get('api/guardians/999999')->assertStatus(404);
    }

    public function testCreateReturns201(): void
    {
        $result = $this->withBodyFormat('json')->post('api/guardians', [
            'full_name' => 'FullName2',
            'relationship' => 'mother',
            'phone' => 'Phone2',
            'email' => 'email2@example.com',
            'receives_reports' => 1,
            'student_id' => 2,
        ]);

        $result->assertStatus(201);
        $this->assertIsInt($this->body($result->getJSON())['data']['id']);
        $this->seeInDatabase('guardians', ['full_name' => 'FullName2']);
    }

    public function testCreateRejectsAnInvalidField(): void
    {
        $payload = [
            'full_name' => 'FullName2',
            'relationship' => 'mother',
            'phone' => 'Phone2',
            'email' => 'email2@example.com',
            'receives_reports' => 1,
            'student_id' => 2,
        ];
        $payload['full_name'] = str_repeat('x', 121);

        $result = $this->withBodyFormat('json')->post('api/guardians', $payload);

        $result->assertStatus(400);
        $this->assertArrayHasKey('full_name', $this->body($result->getJSON())['messages']);
    }

    public function testCreateRejectsAnEmptyObject(): void
    {
        $result = $this->withBodyFormat('json')->post('api/guardians', []);

        $result->assertStatus(400);
        $this->assertArrayHasKey('body', $this->body($result->getJSON())['messages']);
    }

    public function testCreateRejectsABodyThatIsNotJson(): void
    {
        $result = $this->post('api/guardians', ['full_name' => 'form-encoded']);

        $result->assertStatus(400);
        $this->dontSeeInDatabase('guardians', ['full_name' => 'form-encoded']);
    }

    public function testUpdateChangesTheRow(): void
    {
        $rowId = $this->seedRow();

        $payload = ['full_name' => 'FullName2'];

        $result = $this->withBodyFormat('json')->put('api/guardians/' . $rowId, $payload);

        $result->assertStatus(200);
        $this->seeInDatabase('guardians', ['id' => $rowId, 'full_name' => 'FullName2']);
    }

    public function testUpdateRejectsAnInvalidField(): void
    {
        $rowId = $this->seedRow();
        $payload = ['full_name' => str_repeat('x', 121)];

        $result = $this->withBodyFormat('json')->put('api/guardians/' . $rowId, $payload);

        $result->assertStatus(400);
    }

    public function testUpdateRejectsABodyThatIsNotJson(): void
    {
        $rowId = $this->seedRow();

        $this->put('api/guardians/' . $rowId, ['full_name' => 'form-encoded'])->assertStatus(400);
    }

    public function testUpdateUnknownIs404(): void
    {
        $payload = ['full_name' => 'FullName2'];

        $this->withBodyFormat('json')->put('api/guardians/999999', $payload)->assertStatus(404);
    }

    public function testDeleteRemovesTheRow(): void
    {
        $rowId = $this->seedRow();

        $this->delete('api/guardians/' . $rowId)->assertStatus(200);
        $this->dontSeeInDatabase('guardians', ['id' => $rowId]);
    }

    public function testDeleteUnknownIs404(): void
    {
        $this->delete('api/guardians/999999')->assertStatus(404);
    }
}
