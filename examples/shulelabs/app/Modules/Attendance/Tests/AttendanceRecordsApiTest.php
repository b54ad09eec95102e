<?php

declare(strict_types=1);

namespace App\Modules\Attendance\Tests;

use App\Modules\Attendance\Models\AttendanceRecordModel;
use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;
use CodeIgniter\Test\FeatureTestTrait;

/**
 * Every endpoint of /api/attendance, through the router, the controller and the database.
 *
 * @internal
 *
 * @SuppressWarnings(PHPMD.TooManyPublicMethods) one test method per endpoint and outcome
 */
final class AttendanceRecordsApiTest extends CIUnitTestCase
{
    use DatabaseTestTrait;
    use FeatureTestTrait;

    protected function setUp(): void
    {
        // Set here, not redeclared: the test-case base class or the trait already declares it.
        $this->namespace = 'App\Modules\Attendance';
        parent::setUp();
    }

    private function seedRow(): int
    {
        $rowId = (new AttendanceRecordModel())->insert([
            'day' => '2024-01-01',
            'status' => 'present',
            'note' => 'Note1',
            'student_id' => 1,
            'class_id' => 1,
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

        $result = $this->get('api/attendance');

        $result->assertStatus(200);
        $body = $this->body($result->getJSON());
        $this->assertCount(1, $body['data']);
        $this->assertSame($rowId, $body['data'][0]['id']);
    }

    public function testShowReturnsTheRow(): void
    {
        $rowId = $this->seedRow();

        $result = $this->get('api/attendance/' . $rowId);

        $result->assertStatus(200);
        $body = $this->body($result->getJSON());
        $this->assertSame($rowId, $body['data']['id']);
        $this->assertEquals('2024-01-01', $body['data']['day']);
    }

    public function testShowUnknownIs404(): void
    {
        $this->get('api/attendance/999999')->assertStatus(404);
    }

    public function testCreateReturns201(): void
    {
        $result = $this->withBodyFormat('json')->post('api/attendance', [
            'day' => '2024-01-02',
            'status' => 'present',
            'note' => 'Note2',
            'student_id' => 2,
            'class_id' => 2,
        ]);

        $result->assertStatus(201);
        $this->assertIsInt($this->body($result->getJSON())['data']['id']);
        $this->seeInDatabase('attendance_records', ['day' => '2024-01-02']);
    }

    public function testCreateRejectsAnInvalidField(): void
    {
        $payload = [
            'day' => '2024-01-02',
            'status' => 'present',
            'note' => 'Note2',
            'student_id' => 2,
            'class_id' => 2,
        ];
        $payload['day'] = 'not-a-date';

        $result = $this->withBodyFormat('json')->post('api/attendance', $payload);

        $result->assertStatus(400);
        $this->assertArrayHasKey('day', $this->body($result->getJSON())['messages']);
    }

    public function testCreateRejectsAnEmptyObject(): void
    {
        $result = $this->withBodyFormat('json')->post('api/attendance', []);

        $result->assertStatus(400);
        $this->assertArrayHasKey('body', $this->body($result->getJSON())['messages']);
    }

    public function testCreateRejectsABodyThatIsNotJson(): void
    {
        $result = $this->post('api/attendance', ['day' => 'form-encoded']);

        $result->assertStatus(400);
        $this->dontSeeInDatabase('attendance_records', ['day' => 'form-encoded']);
    }

    public function testUpdateChangesTheRow(): void
    {
        $rowId = $this->seedRow();

        $payload = ['day' => '2024-01-02'];

        $result = $this->withBodyFormat('json')->put('api/attendance/' . $rowId, $payload);

        $result->assertStatus(200);
        $this->seeInDatabase('attendance_records', ['id' => $rowId, 'day' => '2024-01-02']);
    }

    public function testUpdateRejectsAnInvalidField(): void
    {
        $rowId = $this->seedRow();
        $payload = ['day' => 'not-a-date'];

        $result = $this->withBodyFormat('json')->put('api/attendance/' . $rowId, $payload);

        $result->assertStatus(400);
    }

    public function testUpdateRejectsABodyThatIsNotJson(): void
    {
        $rowId = $this->seedRow();

        $this->put('api/attendance/' . $rowId, ['day' => 'form-encoded'])->assertStatus(400);
    }

    public function testUpdateUnknownIs404(): void
    {
        $payload = ['day' => '2024-01-02'];

        $this->withBodyFormat('json')->put('api/attendance/999999', $payload)->assertStatus(404);
    }
}
