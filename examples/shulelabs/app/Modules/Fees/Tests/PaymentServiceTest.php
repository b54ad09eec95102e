<?php

declare(strict_types=1);

namespace App\Modules\Fees\Tests;

use App\Modules\Fees\Models\PaymentModel;
use App\Modules\Fees\Repositories\PaymentRepository;
use App\Modules\Fees\Services\PaymentService;
use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;

/**
 * PaymentService with its repository and model on the test database.
 *
 * @internal
 *
 * @SuppressWarnings(PHPMD.TooManyPublicMethods) one test method per endpoint and outcome
 */
final class PaymentServiceTest extends CIUnitTestCase
{
    use DatabaseTestTrait;

    private PaymentService $service;

    protected function setUp(): void
    {
        // Set here, not redeclared: the test-case base class or the trait already declares it.
        $this->namespace = 'App\Modules\Fees';
        parent::setUp();
        $this->service = new PaymentService(new PaymentRepository(new PaymentModel()));
    }

    public function testCreateStoresOnlyKnownFields(): void
    {
        $payload = [
            'amount' => 10.5,
            'paid_at' => '2024-01-01 08:30:00',
            'method' => 'mobile_money',
            'receipt_no' => 'ReceiptNo1',
            'fee_invoice_id' => 1,
        ];
        $payload['not_a_field'] = 'ignored';

        $result = $this->service->create($payload);

        $this->assertSame('ok', $result->status);
        $this->assertIsArray($result->item);
        $this->assertArrayNotHasKey('not_a_field', $result->item);
        $this->assertEquals($result->item, $this->service->find($result->item['id']));
    }

    public function testCreateReportsValidationErrors(): void
    {
        $payload = [
            'amount' => 10.5,
            'paid_at' => '2024-01-01 08:30:00',
            'method' => 'mobile_money',
            'receipt_no' => 'ReceiptNo1',
            'fee_invoice_id' => 1,
        ];
        $payload['amount'] = 'not-a-number';

        $result = $this->service->create($payload);

        $this->assertSame('invalid', $result->status);
        $this->assertArrayHasKey('amount', $result->errors);
    }

    public function testEmptyInputIsAValidationErrorNotAnException(): void
    {
        $this->assertSame('invalid', $this->service->create(['unknown' => 1])->status);
        $created = $this->service->create([
            'amount' => 10.5,
            'paid_at' => '2024-01-01 08:30:00',
            'method' => 'mobile_money',
            'receipt_no' => 'ReceiptNo1',
            'fee_invoice_id' => 1,
        ]);
        $this->assertSame('invalid', $this->service->update($created->item['id'], [])->status);
    }

    public function testUpdateChangesAndValidates(): void
    {
        $created = $this->service->create([
            'amount' => 10.5,
            'paid_at' => '2024-01-01 08:30:00',
            'method' => 'mobile_money',
            'receipt_no' => 'ReceiptNo1',
            'fee_invoice_id' => 1,
        ]);
        $rowId = $created->item['id'];

        $updated = $this->service->update($rowId, ['amount' => 21.0]);
        $rejected = $this->service->update($rowId, ['amount' => 'not-a-number']);

        $this->assertSame('ok', $updated->status);
        $this->assertEquals(21.0, $updated->item['amount']);
        $this->assertSame('invalid', $rejected->status);
        $missing = $this->service->update(999999, ['amount' => 21.0]);
        $this->assertSame('not_found', $missing->status);
    }

    public function testListFindAndDelete(): void
    {
        $first = $this->service->create([
            'amount' => 10.5,
            'paid_at' => '2024-01-01 08:30:00',
            'method' => 'mobile_money',
            'receipt_no' => 'ReceiptNo1',
            'fee_invoice_id' => 1,
        ]);
        $second = $this->service->create([
            'amount' => 21.0,
            'paid_at' => '2024-01-02 08:30:00',
            'method' => 'mobile_money',
            'receipt_no' => 'ReceiptNo2',
            'fee_invoice_id' => 2,
        ]);

        $this->assertCount(2, $this->service->list());
        $this->assertCount(1, $this->service->list(1, 1));
        $this->assertSame($second->item['id'], $this->service->list(1, 1)[0]['id']);
        $this->assertTrue($this->service->delete($first->item['id']));
        $this->assertFalse($this->service->delete($first->item['id']));
        $this->assertNull($this->service->find($first->item['id']));
    }
}
