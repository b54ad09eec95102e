<?php

declare(strict_types=1);

namespace App\Modules\Grades\Tests;

use App\Modules\Grades\Models\GradeModel;
use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;
use CodeIgniter\Test\FeatureTestTrait;

/**
 * Every endpoint of /api/grades, through the router, the controller and the database.
 *
 * @internal
 *
 * @SuppressWarnings(PHPMD.TooManyPublicMethods) one test method per endpoint and outcome
 */
final class GradesApiTest extends CIUnitTestCase
{
    use DatabaseTestTrait;
    use FeatureTestTrait;

    protected function setUp(): void
    {
        // Set here, not redeclared: the test-case base class or the trait already declares it.
        $this->namespace = 'App\Modules\Grades';
        parent::setUp();
    }

    private function seedRow(): int
    {
        $rowId = (new GradeModel())->insert([
            'subject_code' => 'SubjectCode1',
            'term' => 'term1',
            'score' => 10.5,
            'remarks' => 'Remarks1',
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

        $result = $this->get('api/grades');

        $result->assertStatus(200);
        $body = $this->body($result->getJSON());
        $this->assertCount(1, $body['data']);
        $this->assertSame($rowId, $body['data'][0]['id']);
    }

    public function testShowReturnsTheRow(): void
    {
        $rowId = $this->seedRow();

        $result = $this->get('api/grades/' . $rowId);

        $result->assertStatus(200);
        $body = $this->body($result->getJSON());
        $this->assertSame($rowId, $body['data']['id']);
        $this->assertEquals('SubjectCode1', $body['data']['subject_code']);
    }

    public function testShowUnknownIs404(): void
    {
        $this->get('api/grades/999999')->assertStatus(404);
    }

    public function testCreateReturns201(): void
    {
        $result = $this->withBodyFormat('json')->post('api/grades', [
            'subject_code' => 'SubjectCode2',
            'term' => 'term1',
            'score' => 21.0,
            'remarks' => 'Remarks2',
            'student_id' => 2,
        ]);

        $result->assertStatus(201);
        $this->assertIsInt($this->body($result->getJSON())['data']['id']);
        $this->seeInDatabase('grades', ['subject_code' => 'SubjectCode2']);
    }

    public function testCreateRejectsAnInvalidField(): void
    {
        $payload = [
            'subject_code' => 'SubjectCode2',
            'term' => 'term1',
            'score' => 21.0,
            'remarks' => 'Remarks2',
            'student_id' => 2,
        ];
        $payload['subject_code'] = 'xxxxxxxxxxxxx';

        $result = $this->withBodyFormat('json')->post('api/grades', $payload);

        $result->assertStatus(400);
        $this->assertArrayHasKey('subject_code', $this->body($result->getJSON())['messages']);
    }

    public function testCreateRejectsAnEmptyObject(): void
    {
        $result = $this->withBodyFormat('json')->post('api/grades', []);

        $result->assertStatus(400);
        $this->assertArrayHasKey('body', $this->body($result->getJSON())['messages']);
    }

    public function testCreateRejectsABodyThatIsNotJson(): void
    {
        $result = $this->post('api/grades', ['subject_code' => 'form-encoded']);

        $result->assertStatus(400);
        $this->dontSeeInDatabase('grades', ['subject_code' => 'form-encoded']);
    }

    public function testUpdateChangesTheRow(): void
    {
        $rowId = $this->seedRow();

        $payload = ['subject_code' => 'SubjectCode2'];

        $result = $this->withBodyFormat('json')->put('api/grades/' . $rowId, $payload);

        $result->assertStatus(200);
        $this->seeInDatabase('grades', ['id' => $rowId, 'subject_code' => 'SubjectCode2']);
    }

    public function testUpdateRejectsAnInvalidField(): void
    {
        $rowId = $this->seedRow();
        $payload = ['subject_code' => 'xxxxxxxxxxxxx'];

        $result = $this->withBodyFormat('json')->put('api/grades/' . $rowId, $payload);

        $result->assertStatus(400);
    }

    public function testUpdateRejectsABodyThatIsNotJson(): void
    {
        $rowId = $this->seedRow();

        $this->put('api/grades/' . $rowId, ['subject_code' => 'form-encoded'])->assertStatus(400);
    }

    public function testUpdateUnknownIs404(): void
    {
        $payload = ['subject_code' => 'SubjectCode2'];

        $this->withBodyFormat('json')->put('api/grades/999999', $payload)->assertStatus(404);
    }

    public function testDeleteRemovesTheRow(): void
    {
        $rowId = $this->seedRow();

        $this->delete('api/grades/' . $rowId)->assertStatus(200);
        $this->dontSeeInDatabase('grades', ['id' => $rowId]);
    }

    public function testDeleteUnknownIs404(): void
    {
        $this->delete('api/grades/999999')->assertStatus(404);
    }
}
