<?php

declare(strict_types=1);

namespace App\Modules\Teachers\Tests;

use App\Modules\Teachers\Models\TeacherModel;
use App\Modules\Teachers\Repositories\TeacherRepository;
use App\Modules\Teachers\Services\TeacherService;
use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;

/**
 * TeacherService with its repository and model on the test database.
 *
 * @internal
 *
 * @SuppressWarnings(PHPMD.TooManyPublicMethods) one test method per endpoint and outcome
 */
final class TeacherServiceTest extends CIUnitTestCase
{
    use DatabaseTestTrait;

    private TeacherService $service;

    protected function setUp(): void
    {
        // Set here, not redeclared: the test-case base class or the trait already declares it.
        $this->namespace = 'App\Modules\Teachers';
        parent::setUp();
        $this->service = new TeacherService(new TeacherRepository(new TeacherModel()));
    }

    public function testCreateStoresOnlyKnownFields(): void
    {
        $payload = [
            'first_name' => 'FirstName1',
            'last_name' => 'LastName1',
            'email' => 'email1@example.com',
            'phone' => 'Phone1',
            'status' => 'active',
            'hired_on' => '2024-01-01',
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
            'first_name' => 'FirstName1',
            'last_name' => 'LastName1',
            'email' => 'email1@example.com',
            'phone' => 'Phone1',
            'status' => 'active',
            'hired_on' => '2024-01-01',
            'class_id' => 1,
        ];
        $payload['first_name'] = str_repeat('x', 81);

        $result = $this->service->create($payload);

        $this->assertSame('invalid', $result->status);
        $this->assertArrayHasKey('first_name', $result->errors);
    }

    public function testEmptyInputIsAValidationErrorNotAnException(): void
    {
        $this->assertSame('invalid', $this->service->create(['unknown' => 1])->status);
        $created = $this->service->create([
            'first_name' => 'FirstName1',
            'last_name' => 'LastName1',
            'email' => 'email1@example.com',
            'phone' => 'Phone1',
            'status' => 'active',
            'hired_on' => '2024-01-01',
            'class_id' => 1,
        ]);
        $this->assertSame('invalid', $this->service->update($created->item['id'], [])->status);
    }

    public function testUpdateChangesAndValidates(): void
    {
        $created = $this->service->create([
            'first_name' => 'FirstName1',
            'last_name' => 'LastName1',
            'email' => 'email1@example.com',
            'phone' => 'Phone1',
            'status' => 'active',
            'hired_on' => '2024-01-01',
            'class_id' => 1,
        ]);
        $rowId = $created->item['id'];

        $updated = $this->service->update($rowId, ['first_name' => 'FirstName2']);
        $rejected = $this->service->update($rowId, ['first_name' => str_repeat('x', 81)]);

        $this->assertSame('ok', $updated->status);
        $this->assertEquals('FirstName2', $updated->item['first_name']);
        $this->assertSame('invalid', $rejected->status);
        $missing = $this->service->update(999999, ['first_name' => 'FirstName2']);
        $this->assertSame('not_found', $missing->status);
    }

    public function testListFindAndDelete(): void
    {
        $first = $this->service->create([
            'first_name' => 'FirstName1',
            'last_name' => 'LastName1',
            'email' => 'email1@example.com',
            'phone' => 'Phone1',
            'status' => 'active',
            'hired_on' => '2024-01-01',
            'class_id' => 1,
        ]);
        $second = $this->service->create([
            'first_name' => 'FirstName2',
            'last_name' => 'LastName2',
            'email' => 'email2@example.com',
            'phone' => 'Phone2',
            'status' => 'active',
            'hired_on' => '2024-01-02',
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
