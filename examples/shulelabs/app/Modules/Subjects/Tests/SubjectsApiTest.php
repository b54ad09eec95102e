<?php

declare(strict_types=1);

namespace App\Modules\Subjects\Tests;

use App\Modules\Subjects\Models\SubjectModel;
use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;
use CodeIgniter\Test\FeatureTestTrait;

/**
 * Every endpoint of /api/subjects, through the router, the controller and the database.
 *
 * @internal
 *
 * @SuppressWarnings(PHPMD.TooManyPublicMethods) one test method per endpoint and outcome
 */
final class SubjectsApiTest extends CIUnitTestCase
{
    use DatabaseTestTrait;
    use FeatureTestTrait;

    protected function setUp(): void
    {
        // Set here, not redeclared: the test-case base class or the trait already declares it.
        $this->namespace = 'App\Modules\Subjects';
        parent::setUp();
    }

    private function seedRow(): int
    {
        $rowId = (new SubjectModel())->insert([
            'code' => 'Code1',
            'name' => 'Name1',
            'weekly_periods' => 1,
            'level' => 'primary',
            'description' => 'Description1',
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

        $result = $this->get('api/subjects');

        $result->assertStatus(200);
        $body = $this->body($result->getJSON());
        $this->assertCount(1, $body['data']);
        $this->assertSame($rowId, $body['data'][0]['id']);
    }

    public function testShowReturnsTheRow(): void
    {
        $rowId = $this->seedRow();

        $result = $this->get('api/subjects/' . $rowId);

        $result->assertStatus(200);
        $body = $this->body($result->getJSON());
        $this->assertSame($rowId, $body['data']['id']);
        $this->assertEquals('Code1', $body['data']['code']);
    }

    public function testShowUnknownIs404(): void
    {
        $this->get('api/subjects/999999')->assertStatus(404);
    }

    public function testCreateReturns201(): void
    {
        $result = $this->withBodyFormat('json')->post('api/subjects', [
            'code' => 'Code2',
            'name' => 'Name2',
            'weekly_periods' => 2,
            'level' => 'lower_secondary',
            'description' => 'Description2',
        ]);

        $result->assertStatus(201);
        $this->assertIsInt($this->body($result->getJSON())['data']['id']);
        $this->seeInDatabase('subjects', ['code' => 'Code2']);
    }

    public function testCreateRejectsAnInvalidField(): void
    {
        $payload = [
            'code' => 'Code2',
            'name' => 'Name2',
            'weekly_periods' => 2,
            'level' => 'lower_secondary',
            'description' => 'Description2',
        ];
        $payload['code'] = 'xxxxxxxxxxxxx';

        $result = $this->withBodyFormat('json')->post('api/subjects', $payload);

        $result->assertStatus(400);
        $this->assertArrayHasKey('code', $this->body($result->getJSON())['messages']);
    }

    public function testCreateRejectsAnEmptyObject(): void
    {
        $result = $this->withBodyFormat('json')->post('api/subjects', []);

        $result->assertStatus(400);
        $this->assertArrayHasKey('body', $this->body($result->getJSON())['messages']);
    }

    public function testCreateRejectsABodyThatIsNotJson(): void
    {
        $result = $this->post('api/subjects', ['code' => 'form-encoded']);

        $result->assertStatus(400);
        $this->dontSeeInDatabase('subjects', ['code' => 'form-encoded']);
    }

    public function testUpdateChangesTheRow(): void
    {
        $rowId = $this->seedRow();

        $payload = ['code' => 'Code2'];

        $result = $this->withBodyFormat('json')->put('api/subjects/' . $rowId, $payload);

        $result->assertStatus(200);
        $this->seeInDatabase('subjects', ['id' => $rowId, 'code' => 'Code2']);
    }

    public function testUpdateRejectsAnInvalidField(): void
    {
        $rowId = $this->seedRow();
        $payload = ['code' => 'xxxxxxxxxxxxx'];

        $result = $this->withBodyFormat('json')->put('api/subjects/' . $rowId, $payload);

        $result->assertStatus(400);
    }

    public function testUpdateRejectsABodyThatIsNotJson(): void
    {
        $rowId = $this->seedRow();

        $this->put('api/subjects/' . $rowId, ['code' => 'form-encoded'])->assertStatus(400);
    }

    public function testUpdateUnknownIs404(): void
    {
        $payload = ['code' => 'Code2'];

        $this->withBodyFormat('json')->put('api/subjects/999999', $payload)->assertStatus(404);
    }

    public function testDeleteRemovesTheRow(): void
    {
        $rowId = $this->seedRow();

        $this->delete('api/subjects/' . $rowId)->assertStatus(200);
        $this->dontSeeInDatabase('subjects', ['id' => $rowId]);
    }

    public function testDeleteUnknownIs404(): void
    {
        $this->delete('api/subjects/999999')->assertStatus(404);
    }
}
