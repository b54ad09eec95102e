<?php

declare(strict_types=1);

namespace App\Modules\Library\Tests;

use App\Modules\Library\Models\LoanModel;
use App\Modules\Library\Repositories\LoanRepository;
use App\Modules\Library\Services\LoanService;
use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;

/**
 * LoanService with its repository and model on the test database.
 *
 * @internal
 *
 * @SuppressWarnings(PHPMD.TooManyPublicMethods) one test method per endpoint and outcome
 */
final class LoanServiceTest extends CIUnitTestCase
{
    use DatabaseTestTrait;

    private LoanService $service;

    protected function setUp(): void
    {
        // Set here, not redeclared: the test-case base class or the trait already declares it.
        $this->namespace = 'App\Modules\Library';
        parent::setUp();
        $this->service = new LoanService(new LoanRepository(new LoanModel()));
    }

    public function testCreateStoresOnlyKnownFields(): void
    {
        $payload = [
            'borrowed_on' => '2024-01-01',
            'due_on' => '2024-01-01',
            'returned_on' => '2024-01-01',
            'book_id' => 1,
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
            'borrowed_on' => '2024-01-01',
            'due_on' => '2024-01-01',
            'returned_on' => '2024-01-01',
            'book_id' => 1,
            'student_id' => 1,
        ];
        $payload['borrowed_on'] = 'not-a-date';

        $result = $this->service->create($payload);

        $this->assertSame('invalid', $result->status);
        $this->assertArrayHasKey('borrowed_on', $result->errors);
    }

    public function testEmptyInputIsAValidationErrorNotAnException(): void
    {
        $this->assertSame('invalid', $this->service->create(['unknown' => 1])->status);
        $created = $this->service->create([
            'borrowed_on' => '2024-01-01',
            'due_on' => '2024-01-01',
            'returned_on' => '2024-01-01',
            'book_id' => 1,
            'student_id' => 1,
        ]);
        $this->assertSame('invalid', $this->service->update($created->item['id'], [])->status);
    }

    public function testUpdateChangesAndValidates(): void
    {
        $created = $this->service->create([
            'borrowed_on' => '2024-01-01',
            'due_on' => '2024-01-01',
            'returned_on' => '2024-01-01',
            'book_id' => 1,
            'student_id' => 1,
        ]);
        $rowId = $created->item['id'];

        $updated = $this->service->update($rowId, ['borrowed_on' => '2024-01-02']);
        $rejected = $this->service->update($rowId, ['borrowed_on' => 'not-a-date']);

        $this->assertSame('ok', $updated->status);
        $this->assertEquals('2024-01-02', $updated->item['borrowed_on']);
        $this->assertSame('invalid', $rejected->status);
        $missing = $this->service->update(999999, ['borrowed_on' => '2024-01-02']);
        $this->assertSame('not_found', $missing->status);
    }

    public function testListFindAndDelete(): void
    {
        $first = $this->service->create([
            'borrowed_on' => '2024-01-01',
            'due_on' => '2024-01-01',
            'returned_on' => '2024-01-01',
            'book_id' => 1,
            'student_id' => 1,
        ]);
        $second = $this->service->create([
            'borrowed_on' => '2024-01-02',
            'due_on' => '2024-01-02',
            'returned_on' => '2024-01-02',
            'book_id' => 2,
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
