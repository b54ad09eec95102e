<?php

declare(strict_types=1);

namespace App\Modules\Fees\Tests;

use App\Modules\Fees\Models\FeeInvoiceModel;
use App\Modules\Fees\Repositories\FeeInvoiceRepository;
use App\Modules\Fees\Services\FeeInvoiceService;
use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;

/**
 * FeeInvoiceService with its repository and model on the test database.
 *
 * @internal
 *
 * @SuppressWarnings(PHPMD.TooManyPublicMethods) one test method per endpoint and outcome
 */
final class FeeInvoiceServiceTest extends CIUnitTestCase
{
    use DatabaseTestTrait;

    private FeeInvoiceService $service;

    protected function setUp(): void
    {
        // Set here, not redeclared: the test-case base class or the trait already declares it.
        $this->namespace = 'App\Modules\Fees';
        parent::setUp();
        $this->service = new FeeInvoiceService(new FeeInvoiceRepository(new FeeInvoiceModel()));
    }

    public function testCreateStoresOnlyKnownFields(): void
    {
        $payload = [
            'reference' => 'Reference1',
            'amount' => 10.5,
            'due_on' => '2024-01-01',
            'status' => 'open',
            'student_id' => 1,
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
            'reference' => 'Reference1',
            'amount' => 10.5,
            'due_on' => '2024-01-01',
            'status' => 'open',
            'student_id' => 1,
        ];
        $payload['reference'] = str_repeat('x', 31);

        $result = $this->service->create($payload);

        $this->assertSame('invalid', $result->status);
        $this->assertArrayHasKey('reference', $result->errors);
    }

    public function testEmptyInputIsAValidationErrorNotAnException(): void
    {
        $this->assertSame('invalid', $this->service->create(['unknown' => 1])->status);
        $created = $this->service->create([
            'reference' => 'Reference1',
            'amount' => 10.5,
            'due_on' => '2024-01-01',
            'status' => 'open',
            'student_id' => 1,
        ]);
        $this->assertSame('invalid', $this->service->update($created->item['id'], [])->status);
    }

    public function testUpdateChangesAndValidates(): void
    {
        $created = $this->service->create([
            'reference' => 'Reference1',
            'amount' => 10.5,
            'due_on' => '2024-01-01',
            'status' => 'open',
            'student_id' => 1,
        ]);
        $rowId = $created->item['id'];

        $updated = $this->service->update($rowId, ['reference' => 'Reference2']);
        $rejected = $this->service->update($rowId, ['reference' => str_repeat('x', 31)]);

        $this->assertSame('ok', $updated->status);
        $this->assertEquals('Reference2', $updated->item['reference']);
        $this->assertSame('invalid', $rejected->status);
        $missing = $this->service->update(999999, ['reference' => 'Reference2']);
        $this->assertSame('not_found', $missing->status);
    }

    public function testListFindAndDelete(): void
    {
        $first = $this->service->create([
            'reference' => 'Reference1',
            'amount' => 10.5,
            'due_on' => '2024-01-01',
            'status' => 'open',
            'student_id' => 1,
        ]);
        $second = $this->service->create([
            'reference' => 'Reference2',
            'amount' => 21.0,
            'due_on' => '2024-01-02',
            'status' => 'open',
            'student_id' => 2,
        ]);

        $this->assertCount(2, $this->service->list());
        $this->assertCount(1, $this->service->list(1, 1));
        $this->assertSame($second->item['id'], $this->service->list(1, 1)[0]['id']);
        $this->assertTrue($this->service->delete($first->item['id']));
        $this->assertFalse($this->service->delete($first->item['id']));
        $this->assertNull($this->service->find($first->item['id']));
    }
}
