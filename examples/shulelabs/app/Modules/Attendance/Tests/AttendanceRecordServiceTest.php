<?php

declare(strict_types=1);

namespace App\Modules\Attendance\Tests;

use App\Modules\Attendance\Models\AttendanceRecordModel;
use App\Modules\Attendance\Repositories\AttendanceRecordRepository;
use App\Modules\Attendance\Services\AttendanceRecordService;
use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;

/**
 * AttendanceRecordService with its repository and model on the test database.
 *
 * @internal
 *
 * @SuppressWarnings(PHPMD.TooManyPublicMethods) one test method per endpoint and outcome
 */
final class AttendanceRecordServiceTest extends CIUnitTestCase
{
    use DatabaseTestTrait;

    private AttendanceRecordService $service;

    protected function setUp(): void
    {
        // Set here, not redeclared: the test-case base class or the trait already declares it.
        $this->namespace = 'App\Modules\Attendance';
        parent::setUp();
        $this->service = new AttendanceRecordService(new AttendanceRecordRepository(new AttendanceRecordModel()));
    }

    public function testCreateStoresOnlyKnownFields(): void
    {
        $payload = [
            'day' => '2024-01-01',
            'status' => 'present',
            'note' => 'Note1',
            'student_id' => 1,
            'class_id' => 1,
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
            'day' => '2024-01-01',
            'status' => 'present',
            'note' => 'Note1',
            'student_id' => 1,
            'class_id' => 1,
        ];
        $payload['day'] = 'not-a-date';

        $result = $this->service->create($payload);

        $this->assertSame('invalid', $result->status);
        $this->assertArrayHasKey('day', $result->errors);
    }

    public function testEmptyInputIsAValidationErrorNotAnException(): void
    {
        $this->assertSame('invalid', $this->service->create(['unknown' => 1])->status);
        $created = $this->service->create([
            'day' => '2024-01-01',
            'status' => 'present',
            'note' => 'Note1',
            'student_id' => 1,
            'class_id' => 1,
        ]);
        $this->assertSame('invalid', $this->service->update($created->item['id'], [])->status);
    }

    public function testUpdateChangesAndValidates(): void
    {
        $created = $this->service->create([
            'day' => '2024-01-01',
            'status' => 'present',
            'note' => 'Note1',
            'student_id' => 1,
            'class_id' => 1,
        ]);
        $rowId = $created->item['id'];

        $updated = $this->service->update($rowId, ['day' => '2024-01-02']);
        $rejected = $this->service->update($rowId, ['day' => 'not-a-date']);

        $this->assertSame('ok', $updated->status);
        $this->assertEquals('2024-01-02', $updated->item['day']);
        $this->assertSame('invalid', $rejected->status);
        $missing = $this->service->update(999999, ['day' => '2024-01-02']);
        $this->assertSame('not_found', $missing->status);
    }

    public function testListFindAndDelete(): void
    {
        $first = $this->service->create([
            'day' => '2024-01-01',
            'status' => 'present',
            'note' => 'Note1',
            'student_id' => 1,
            'class_id' => 1,
        ]);
        $second = $this->service->create([
            'day' => '2024-01-02',
            'status' => 'present',
            'note' => 'Note2',
            'student_id' => 2,
            'class_id' => 2,
        ]);

        $this->assertCount(2, $this->service->list());
        $this->assertCount(1, $this->service->list(1, 1));
        $this->assertSame($second->item['id'], $this->service->list(1, 1)[0]['id']);
        $this->assertTrue($this->service->delete($first->item['id']));
        $this->assertFalse($this->service->delete($first->item['id']));
        $this->assertNull($this->service->find($first->item['id']));
    }
}
