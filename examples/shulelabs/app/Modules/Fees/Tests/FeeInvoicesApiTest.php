<?php

declare(strict_types=1);

namespace App\Modules\Fees\Tests;

use App\Modules\Fees\Models\FeeInvoiceModel;
use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;
use CodeIgniter\Test\FeatureTestTrait;

/**
 * Every endpoint of /api/fee-invoices, through the router, the controller and the database.
 *
 * @internal
 *
 * @SuppressWarnings(PHPMD.TooManyPublicMethods) one test method per endpoint and outcome
 */
final class FeeInvoicesApiTest extends CIUnitTestCase
{
    use DatabaseTestTrait;
    use FeatureTestTrait;

    protected function setUp(): void
    {
        // Set here, not redeclared: the test-case base class or the trait already declares it.
        $this->namespace = 'App\Modules\Fees';
        parent::setUp();
    }

    private function seedRow(): int
    {
        $rowId = (new FeeInvoiceModel())->insert([
            'reference' => 'Reference1',
            'amount' => 10.5,
            'due_on' => '2024-01-01',
            'status' => 'open',
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

        $result = $this->get('api/fee-invoices');

        $result->assertStatus(200);
        $body = $this->body($result->getJSON());
        $this->assertCount(1, $body['data']);
        $this->assertSame($rowId, $body['data'][0]['id']);
    }

    public function testShowReturnsTheRow(): void
    {
        $rowId = $this->seedRow();

        $result = $this->get('api/fee-invoices/' . $rowId);

        $result->assertStatus(200);
        $body = $this->body($result->getJSON());
        $this->assertSame($rowId, $body['data']['id']);
        $this->assertEquals('Reference1', $body['data']['reference']);
    }

    public function testShowUnknownIs404(): void
    {
        $this->get('api/fee-invoices/999999')->assertStatus(404);
    }

    public function testCreateReturns201(): void
    {
        $result = $this->withBodyFormat('json')->post('api/fee-invoices', [
            'reference' => 'Reference2',
            'amount' => 21.0,
            'due_on' => '2024-01-02',
            'status' => 'open',
            'student_id' => 2,
        ]);

        $result->assertStatus(201);
        $this->assertIsInt($this->body($result->getJSON())['data']['id']);
        $this->seeInDatabase('fee_invoices', ['reference' => 'Reference2']);
    }

    public function testCreateRejectsAnInvalidField(): void
    {
        $payload = [
            'reference' => 'Reference2',
            'amount' => 21.0,
            'due_on' => '2024-01-02',
            'status' => 'open',
            'student_id' => 2,
        ];
        $payload['reference'] = str_repeat('x', 31);

        $result = $this->withBodyFormat('json')->post('api/fee-invoices', $payload);

        $result->assertStatus(400);
        $this->assertArrayHasKey('reference', $this->body($result->getJSON())['messages']);
    }

    public function testCreateRejectsAnEmptyObject(): void
    {
        $result = $this->withBodyFormat('json')->post('api/fee-invoices', []);

        $result->assertStatus(400);
        $this->assertArrayHasKey('body', $this->body($result->getJSON())['messages']);
    }

    public function testCreateRejectsABodyThatIsNotJson(): void
    {
        $result = $this->post('api/fee-invoices', ['reference' => 'form-encoded']);

        $result->assertStatus(400);
        $this->dontSeeInDatabase('fee_invoices', ['reference' => 'form-encoded']);
    }

    public function testUpdateChangesTheRow(): void
    {
        $rowId = $this->seedRow();

        $payload = ['reference' => 'Reference2'];

        $result = $this->withBodyFormat('json')->put('api/fee-invoices/' . $rowId, $payload);

        $result->assertStatus(200);
        $this->seeInDatabase('fee_invoices', ['id' => $rowId, 'reference' => 'Reference2']);
    }

    public function testUpdateRejectsAnInvalidField(): void
    {
        $rowId = $this->seedRow();
        $payload = ['reference' => str_repeat('x', 31)];

        $result = $this->withBodyFormat('json')->put('api/fee-invoices/' . $rowId, $payload);

        $result->assertStatus(400);
    }

    public function testUpdateRejectsABodyThatIsNotJson(): void
    {
        $rowId = $this->seedRow();

        $this->put('api/fee-invoices/' . $rowId, ['reference' => 'form-encoded'])->assertStatus(400);
    }

    public function testUpdateUnknownIs404(): void
    {
        $payload = ['reference' => 'Reference2'];

        $this->withBodyFormat('json')->put('api/fee-invoices/999999', $payload)->assertStatus(404);
    }

    public function testDeleteRemovesTheRow(): void
    {
        $rowId = $this->seedRow();

        $this->delete('api/fee-invoices/' . $rowId)->assertStatus(200);
        $this->dontSeeInDatabase('fee_invoices', ['id' => $rowId]);
    }

    public function testDeleteUnknownIs404(): void
    {
        $this->delete('api/fee-invoices/999999')->assertStatus(404);
    }
}
