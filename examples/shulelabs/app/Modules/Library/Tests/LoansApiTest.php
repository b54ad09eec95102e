<?php

declare(strict_types=1);

namespace App\Modules\Library\Tests;

use App\Modules\Library\Models\LoanModel;
use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;
use CodeIgniter\Test\FeatureTestTrait;

/**
 * Every endpoint of /api/loans, through the router, the controller and the database.
 *
 * @internal
 *
 * @SuppressWarnings(PHPMD.TooManyPublicMethods) one test method per endpoint and outcome
 */
final class LoansApiTest extends CIUnitTestCase
{
    use DatabaseTestTrait;
    use FeatureTestTrait;

    protected function setUp(): void
    {
        // Set here, not redeclared: the test-case base class or the trait already declares it.
        $this->namespace = 'App\Modules\Library';
        parent::setUp();
    }

    private function seedRow(): int
    {
        $rowId = (new LoanModel())->insert([
            'borrowed_on' => '2024-01-01',
            'due_on' => '2024-01-01',
            'returned_on' => '2024-01-01',
            'book_id' => 1,
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

        $result = $this->get('api/loans');

        $result->assertStatus(200);
        $body = $this->body($result->getJSON());
        $this->assertCount(1, $body['data']);
        $this->assertSame($rowId, $body['data'][0]['id']);
    }

    public function testShowReturnsTheRow(): void
    {
        $rowId = $this->seedRow();

        $result = $this->get('api/loans/' . $rowId);

        $result->assertStatus(200);
        $body = $this->body($result->getJSON());
        $this->assertSame($rowId, $body['data']['id']);
        $this->assertEquals('2024-01-01', $body['data']['borrowed_on']);
    }

    public function testShowUnknownIs404(): void
    {
        $this->get('api/loans/999999')->assertStatus(404);
    }

    public function testCreateReturns201(): void
    {
        $result = $this->withBodyFormat('json')->post('api/loans', [
            'borrowed_on' => '2024-01-02',
            'due_on' => '2024-01-02',
            'returned_on' => '2024-01-02',
            'book_id' => 2,
            'student_id' => 2,
        ]);

        $result->assertStatus(201);
        $this->assertIsInt($this->body($result->getJSON())['data']['id']);
        $this->seeInDatabase('loans', ['borrowed_on' => '2024-01-02']);
    }

    public function testCreateRejectsAnInvalidField(): void
    {
        $payload = [
            'borrowed_on' => '2024-01-02',
            'due_on' => '2024-01-02',
            'returned_on' => '2024-01-02',
            'book_id' => 2,
            'student_id' => 2,
        ];
        $payload['borrowed_on'] = 'not-a-date';

        $result = $this->withBodyFormat('json')->post('api/loans', $payload);

        $result->assertStatus(400);
        $this->assertArrayHasKey('borrowed_on', $this->body($result->getJSON())['messages']);
    }

    public function testCreateRejectsAnEmptyObject(): void
    {
        $result = $this->withBodyFormat('json')->post('api/loans', []);

        $result->assertStatus(400);
        $this->assertArrayHasKey('body', $this->body($result->getJSON())['messages']);
    }

    public function testCreateRejectsABodyThatIsNotJson(): void
    {
        $result = $this->post('api/loans', ['borrowed_on' => 'form-encoded']);

        $result->assertStatus(400);
        $this->dontSeeInDatabase('loans', ['borrowed_on' => 'form-encoded']);
    }

    public function testUpdateChangesTheRow(): void
    {
        $rowId = $this->seedRow();

        $payload = ['borrowed_on' => '2024-01-02'];

        $result = $this->withBodyFormat('json')->put('api/loans/' . $rowId, $payload);

        $result->assertStatus(200);
        $this->seeInDatabase('loans', ['id' => $rowId, 'borrowed_on' => '2024-01-02']);
    }

    public function testUpdateRejectsAnInvalidField(): void
    {
        $rowId = $this->seedRow();
        $payload = ['borrowed_on' => 'not-a-date'];

        $result = $this->withBodyFormat('json')->put('api/loans/' . $rowId, $payload);

        $result->assertStatus(400);
    }

    public function testUpdateRejectsABodyThatIsNotJson(): void
    {
        $rowId = $this->seedRow();

        $this->put('api/loans/' . $rowId, ['borrowed_on' => 'form-encoded'])->assertStatus(400);
    }

    public function testUpdateUnknownIs404(): void
    {
        $payload = ['borrowed_on' => '2024-01-02'];

        $this->withBodyFormat('json')->put('api/loans/999999', $payload)->assertStatus(404);
    }
}
