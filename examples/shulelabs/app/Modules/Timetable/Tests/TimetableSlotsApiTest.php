<?php

declare(strict_types=1);

namespace App\Modules\Timetable\Tests;

use App\Modules\Timetable\Models\TimetableSlotModel;
use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;
use CodeIgniter\Test\FeatureTestTrait;

/**
 * Every endpoint of /api/timetable-slots, through the router, the controller and the database.
 *
 * @internal
 *
 * @SuppressWarnings(PHPMD.TooManyPublicMethods) one test method per endpoint and outcome
 */
final class TimetableSlotsApiTest extends CIUnitTestCase
{
    use DatabaseTestTrait;
    use FeatureTestTrait;

    protected function setUp(): void
    {
        // Set here, not redeclared: the test-case base class or the trait already declares it.
        $this->namespace = 'App\Modules\Timetable';
        parent::setUp();
    }

    private function seedRow(): int
    {
        $rowId = (new TimetableSlotModel())->insert([
            'weekday' => 1,
            'period' => 1,
            'subject_code' => 'SubjectCode1',
            'room' => 'Room1',
            'class_id' => 1,
            'teacher_id' => 1,
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

        $result = $this->get('api/timetable-slots');

        $result->assertStatus(200);
        $body = $this->body($result->getJSON());
        $this->assertCount(1, $body['data']);
        $this->assertSame($rowId, $body['data'][0]['id']);
    }

    public function testShowReturnsTheRow(): void
    {
        $rowId = $this->seedRow();

        $result = $this->get('api/timetable-slots/' . $rowId);

        $result->assertStatus(200);
        $body = $this->body($result->getJSON());
        $this->assertSame($rowId, $body['data']['id']);
        $this->assertEquals(1, $body['data']['weekday']);
    }

    public function testShowUnknownIs404(): void
    {
        $this->get('api/timetable-slots/999999')->assertStatus(404);
    }

    public function testCreateReturns201(): void
    {
        $result = $this->withBodyFormat('json')->post('api/timetable-slots', [
            'weekday' => 2,
            'period' => 2,
            'subject_code' => 'SubjectCode2',
            'room' => 'Room2',
            'class_id' => 2,
            'teacher_id' => 2,
        ]);

        $result->assertStatus(201);
        $this->assertIsInt($this->body($result->getJSON())['data']['id']);
        $this->seeInDatabase('timetable_slots', ['weekday' => 2]);
    }

    public function testCreateRejectsAnInvalidField(): void
    {
        $payload = [
            'weekday' => 2,
            'period' => 2,
            'subject_code' => 'SubjectCode2',
            'room' => 'Room2',
            'class_id' => 2,
            'teacher_id' => 2,
        ];
        $payload['weekday'] = 'not-a-number';

        $result = $this->withBodyFormat('json')->post('api/timetable-slots', $payload);

        $result->assertStatus(400);
        $this->assertArrayHasKey('weekday', $this->body($result->getJSON())['messages']);
    }

    public function testCreateRejectsAnEmptyObject(): void
    {
        $result = $this->withBodyFormat('json')->post('api/timetable-slots', []);

        $result->assertStatus(400);
        $this->assertArrayHasKey('body', $this->body($result->getJSON())['messages']);
    }

    public function testCreateRejectsABodyThatIsNotJson(): void
    {
        $result = $this->post('api/timetable-slots', ['weekday' => 'form-encoded']);

        $result->assertStatus(400);
        $this->dontSeeInDatabase('timetable_slots', ['weekday' => 'form-encoded']);
    }

    public function testUpdateChangesTheRow(): void
    {
        $rowId = $this->seedRow();

        $payload = ['weekday' => 2];

        $result = $this->withBodyFormat('json')->put('api/timetable-slots/' . $rowId, $payload);

        $result->assertStatus(200);
        $this->seeInDatabase('timetable_slots', ['id' => $rowId, 'weekday' => 2]);
    }

    public function testUpdateRejectsAnInvalidField(): void
    {
        $rowId = $this->seedRow();
        $payload = ['weekday' => 'not-a-number'];

        $result = $this->withBodyFormat('json')->put('api/timetable-slots/' . $rowId, $payload);

        $result->assertStatus(400);
    }

    public function testUpdateRejectsABodyThatIsNotJson(): void
    {
        $rowId = $this->seedRow();

        $this->put('api/timetable-slots/' . $rowId, ['weekday' => 'form-encoded'])->assertStatus(400);
    }

    public function testUpdateUnknownIs404(): void
    {
        $payload = ['weekday' => 2];

        $this->withBodyFormat('json')->put('api/timetable-slots/999999', $payload)->assertStatus(404);
    }

    public function testDeleteRemovesTheRow(): void
    {
        $rowId = $this->seedRow();

        $this->delete('api/timetable-slots/' . $rowId)->assertStatus(200);
        $this->dontSeeInDatabase('timetable_slots', ['id' => $rowId]);
    }

    public function testDeleteUnknownIs404(): void
    {
        $this->delete('api/timetable-slots/999999')->assertStatus(404);
    }
}
