<?php

declare(strict_types=1);

namespace App\Modules\Fees\Tests;

use App\Modules\Fees\Models\PaymentModel;
use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;
use CodeIgniter\Test\FeatureTestTrait;

/**
 * Every endpoint of /api/payments, through the router, the controller and the database.
 *
 * @internal
 *
 * @SuppressWarnings(PHPMD.TooManyPublicMethods) one test method per endpoint and outcome
 */
final class PaymentsApiTest extends CIUnitTestCase
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
        $rowId = (new PaymentModel())->insert([
            'amount' => 10.5,
            'paid_at' => '2024-01-01 08:30:00',
            'method' => 'mobile_money',
            'receipt_no' => 'ReceiptNo1',
            'fee_invoice_id' => 1,
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

        $result = $this->get('api/payments');

        $result->assertStatus(200);
        $body = $this->body($result->getJSON());
        $this->assertCount(1, $body['data']);
        $this->assertSame($rowId, $body['data'][0]['id']);
    }

    public function testShowReturnsTheRow(): void
    {
        $rowId = $this->seedRow();

        $result = $this->get('api/payments/' . $rowId);

        $result->assertStatus(200);
        $body = $this->body($result->getJSON());
        $this->assertSame($rowId, $body['data']['id']);
        $this->assertEquals(10.5, $body['data']['amount']);
    }

    public function testShowUnknownIs404(): void
    {
        $this->get('api/payments/999999')->assertStatus(404);
    }

    public function testCreateReturns201(): void
    {
        $result = $this->withBodyFormat('json')->post('api/payments', [
            'amount' => 21.0,
            'paid_at' => '2024-01-02 08:30:00',
            'method' => 'mobile_money',
            'receipt_no' => 'ReceiptNo2',
            'fee_invoice_id' => 2,
        ]);

        $result->assertStatus(201);
        $this->assertIsInt($this->body($result->getJSON())['data']['id']);
        $this->seeInDatabase('payments', ['amount' => 21.0]);
    }

    public function testCreateRejectsAnInvalidField(): void
    {
        $payload = [
            'amount' => 21.0,
            'paid_at' => '2024-01-02 08:30:00',
            'method' => 'mobile_money',
            'receipt_no' => 'ReceiptNo2',
            'fee_invoice_id' => 2,
        ];
        $payload['amount'] = 'not-a-number';

        $result = $this->withBodyFormat('json')->post('api/payments', $payload);

        $result->assertStatus(400);
        $this->assertArrayHasKey('amount', $this->body($result->getJSON())['messages']);
    }

    public function testCreateRejectsAnEmptyObject(): void
    {
        $result = $this->withBodyFormat('json')->post('api/payments', []);

        $result->assertStatus(400);
        $this->assertArrayHasKey('body', $this->body($result->getJSON())['messages']);
    }

    public function testCreateRejectsABodyThatIsNotJson(): void
    {
        $result = $this->post('api/payments', ['amount' => 'form-encoded']);

        $result->assertStatus(400);
        $this->dontSeeInDatabase('payments', ['amount' => 'form-encoded']);
    }
}
