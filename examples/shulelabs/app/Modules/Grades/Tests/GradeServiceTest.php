<?php

declare(strict_types=1);

namespace App\Modules\Grades\Tests;

use App\Modules\Grades\Models\GradeModel;
use App\Modules\Grades\Repositories\GradeRepository;
use App\Modules\Grades\Services\GradeService;
use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;

/**
 * GradeService with its repository and model on the test database.
 *
 * @internal
 *
 * @SuppressWarnings(PHPMD.TooManyPublicMethods) one test method per endpoint and outcome
 */
final class GradeServiceTest extends CIUnitTestCase
{
    use DatabaseTestTrait;

    private GradeService $service;

    protected function setUp(): void
    {
        // Set here, not redeclared: the test-case base class or the trait already declares it.
        $this->namespace = 'App\Modules\Grades';
        parent::setUp();
        $this->service = new GradeService(new GradeRepository(new GradeModel()));
    }

    public function testCreateStoresOnlyKnownFields(): void
    {
        $payload = [
            'subject_code' => 'SubjectCode1',
            'term' => 'term1',
            'score' => 10.5,
            'remarks' => 'Remarks1',
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
            'subject_code' => 'SubjectCode1',
            'term' => 'term1',
            'score' => 10.5,
            'remarks' => 'Remarks1',
            'student_id' => 1,
        ];
        $payload['subject_code'] = 'xxxxxxxxxxxxx';

        $result = $this->service->create($payload);

        $this->assertSame('invalid', $result->status);
        $this->assertArrayHasKey('subject_code', $result->errors);
    }

    public function testEmptyInputIsAValidationErrorNotAnException(): void
    {
        $this->assertSame('invalid', $this->service->create(['unknown' => 1])->status);
        $created = $this->service->create([
            'subject_code' => 'SubjectCode1',
            'term' => 'term1',
            'score' => 10.5,
            'remarks' => 'Remarks1',
            'student_id' => 1,
        ]);
        $this->assertSame('invalid', $this->service->update($created->item['id'], [])->status);
    }

    public function testUpdateChangesAndValidates(): void
    {
        $created = $this->service->create([
            'subject_code' => 'SubjectCode1',
            'term' => 'term1',
            'score' => 10.5,
            'remarks' => 'Remarks1',
            'student_id' => 1,
        ]);
        $rowId = $created->item['id'];

        $updated = $this->service->update($rowId, ['subject_code' => 'SubjectCode2']);
        $rejected = $this->service->update($rowId, ['subject_code' => 'xxxxxxxxxxxxx']);

        $this->assertSame('ok', $updated->status);
        $this->assertEquals('SubjectCode2', $updated->item['subject_code']);
        $this->assertSame('invalid', $rejected->status);
        $missing = $this->service->update(999999, ['subject_code' => 'SubjectCode2']);
        $this->assertSame('not_found', $missing->status);
    }

    public function testListFindAndDelete(): void
    {
        $first = $this->service->create([
            'subject_code' => 'SubjectCode1',
            'term' => 'term1',
            'score' => 10.5,
            'remarks' => 'Remarks1',
            'student_id' => 1,
        ]);
        $second = $this->service->create([
            'subject_code' => 'SubjectCode2',
            'term' => 'term1',
            'score' => 21.0,
            'remarks' => 'Remarks2',
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
