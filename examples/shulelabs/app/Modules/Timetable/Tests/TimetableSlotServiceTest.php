<?php

declare(strict_types=1);

namespace App\Modules\Timetable\Tests;

use App\Modules\Timetable\Models\TimetableSlotModel;
use App\Modules\Timetable\Repositories\TimetableSlotRepository;
use App\Modules\Timetable\Services\TimetableSlotService;
use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;

/**
 * TimetableSlotService with its repository and model on the test database.
 *
 * @internal
 *
 * @SuppressWarnings(PHPMD.TooManyPublicMethods) one test method per endpoint and outcome
 */
final class TimetableSlotServiceTest extends CIUnitTestCase
{
    use DatabaseTestTrait;

    private TimetableSlotService $service;

    protected function setUp(): void
    {
        // Set here, not redeclared: the test-case base class or the trait already declares it.
        $this->namespace = 'App\Modules\Timetable';
        parent::setUp();
        $this->service = new TimetableSlotService(new TimetableSlotRepository(new TimetableSlotModel()));
    }

    public function testCreateStoresOnlyKnownFields(): void
    {
        $payload = [
            'weekday' => 1,
            'period' => 1,
            'subject_code' => 'SubjectCode1',
            'room' => 'Room1',
            'class_id' => 1,
            'teacher_id' => 1,
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
            'weekday' => 1,
            'period' => 1,
            'subject_code' => 'SubjectCode1',
            'room' => 'Room1',
            'class_id' => 1,
            'teacher_id' => 1,
        ];
        $payload['weekday'] = 'not-a-number';

        $result = $this->service->create($payload);

        $this->assertSame('invalid', $result->status);
        $this->assertArrayHasKey('weekday', $result->errors);
    }

    public function testEmptyInputIsAValidationErrorNotAnException(): void
    {
        $this->assertSame('invalid', $this->service->create(['unknown' => 1])->status);
        $created = $this->service->create([
            'weekday' => 1,
            'period' => 1,
            'subject_code' => 'SubjectCode1',
            'room' => 'Room1',
            'class_id' => 1,
            'teacher_id' => 1,
        ]);
        $this->assertSame('invalid', $this->service->update($created->item['id'], [])->status);
    }

    public function testUpdateChangesAndValidates(): void
    {
        $created = $this->service->create([
            'weekday' => 1,
            'period' => 1,
            'subject_code' => 'SubjectCode1',
            'room' => 'Room1',
            'class_id' => 1,
            'teacher_id' => 1,
        ]);
        $rowId = $created->item['id'];

        $updated = $this->service->update($rowId, ['weekday' => 2]);
        $rejected = $this->service->update($rowId, ['weekday' => 'not-a-number']);

        $this->assertSame('ok', $updated->status);
        $this->assertEquals(2, $updated->item['weekday']);
        $this->assertSame('invalid', $rejected->status);
        $missing = $this->service->update(999999, ['weekday' => 2]);
        $this->assertSame('not_found', $missing->status);
    }

    public function testListFindAndDelete(): void
    {
        $first = $this->service->create([
            'weekday' => 1,
            'period' => 1,
            'subject_code' => 'SubjectCode1',
            'room' => 'Room1',
            'class_id' => 1,
            'teacher_id' => 1,
        ]);
        $second = $this->service->create([
            'weekday' => 2,
            'period' => 2,
            'subject_code' => 'SubjectCode2',
            'room' => 'Room2',
            'class_id' => 2,
            'teacher_id' => 2,
        ]);

        $this->assertCount(2, $this->service->list());
        $this->assertCount(1, $this->service->list(1, 1));
        $this->assertSame($second->item['id'], $this->service->list(1, 1)[0]['id']);
        $this->assertTrue($this->service->delete($first->item['id']));
        $this->assertFalse($this->service->delete($first->item['id']));
        $this->assertNull($this->service->find($first->item['id']));
    }
}
