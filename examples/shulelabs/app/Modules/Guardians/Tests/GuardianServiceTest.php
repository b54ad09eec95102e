<?php

declare(strict_types=1);

namespace App\Modules\Guardians\Tests;

use App\Modules\Guardians\Models\GuardianModel;
use App\Modules\Guardians\Repositories\GuardianRepository;
use App\Modules\Guardians\Services\GuardianService;
use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;

/**
 * GuardianService with its repository and model on the test database.
 *
 * @internal
 *
 * @SuppressWarnings(PHPMD.TooManyPublicMethods) one test method per endpoint and outcome
 */
final class GuardianServiceTest extends CIUnitTestCase
{
    use DatabaseTestTrait;

    private GuardianService $service;

    protected function setUp(): void
    {
        // Set here, not redeclared: the test-case base class or the trait already declares it.
        $this->namespace = 'App\Modules\Guardians';
        parent::setUp();
        $this->service = new GuardianService(new GuardianRepository(new GuardianModel()));
    }

    public function testCreateStoresOnlyKnownFields(): void
    {
        $payload = [
            'full_name' => 'FullName1',
            'relationship' => 'mother',
            'phone' => 'Phone1',
            'email' => 'email1@example.com',
            'receives_reports' => 1,
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
            'full_name' => 'FullName1',
            'relationship' => 'mother',
            'phone' => 'Phone1',
            'email' => 'email1@example.com',
            'receives_reports' => 1,
            'student_id' => 1,
        ];
        $payload['full_name'] = str_repeat('x', 121);

        $result = $this->service->create($payload);

        $this->assertSame('invalid', $result->status);
        $this->assertArrayHasKey('full_name', $result->errors);
    }

    public function testEmptyInputIsAValidationErrorNotAnException(): void
    {
        $this->assertSame('invalid', $this->service->create(['unknown' => 1])->status);
        $created = $this->service->create([
            'full_name' => 'FullName1',
            'relationship' => 'mother',
            'phone' => 'Phone1',
            'email' => 'email1@example.com',
            'receives_reports' => 1,
            'student_id' => 1,
        ]);
        $this->assertSame('invalid', $this->service->update($created->item['id'], [])->status);
    }

    public function testUpdateChangesAndValidates(): void
    {
        $created = $this->service->create([
            'full_name' => 'FullName1',
            'relationship' => 'mother',
            'phone' => 'Phone1',
            'email' => 'email1@example.com',
            'receives_reports' => 1,
            'student_id' => 1,
        ]);
        $rowId = $created->item['id'];

        $updated = $this->service->update($rowId, ['full_name' => 'FullName2']);
        $rejected = $this->service->update($rowId, ['full_name' => str_repeat('x', 121)]);

        $this->assertSame('ok', $updated->status);
        $this->assertEquals('FullName2', $updated->item['full_name']);
        $this->assertSame('invalid', $rejected->status);
        $missing = $this->service->update(999999, ['full_name' => 'FullName2']);
        $this->assertSame('not_found', $missing->status);
    }

    public function testListFindAndDelete(): void
    {
        $first = $this->service->create([
            'full_name' => 'FullName1',
            'relationship' => 'mother',
            'phone' => 'Phone1',
            'email' => 'email1@example.com',
            'receives_reports' => 1,
            'student_id' => 1,
        ]);
        $second = $this->service->create([
            'full_name' => 'FullName2',
            'relationship' => 'mother',
            'phone' => 'Phone2',
            'email' => 'email2@example.com',
            'receives_reports' => 1,
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
