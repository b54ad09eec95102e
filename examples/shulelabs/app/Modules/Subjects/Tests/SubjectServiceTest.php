<?php

declare(strict_types=1);

namespace App\Modules\Subjects\Tests;

use App\Modules\Subjects\Models\SubjectModel;
use App\Modules\Subjects\Repositories\SubjectRepository;
use App\Modules\Subjects\Services\SubjectService;
use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;

/**
 * SubjectService with its repository and model on the test database.
 *
 * @internal
 *
 * @SuppressWarnings(PHPMD.TooManyPublicMethods) one test method per endpoint and outcome
 */
final class SubjectServiceTest extends CIUnitTestCase
{
    use DatabaseTestTrait;

    private SubjectService $service;

    protected function setUp(): void
    {
        // Set here, not redeclared: the test-case base class or the trait already declares it.
        $this->namespace = 'App\Modules\Subjects';
        parent::setUp();
        $this->service = new SubjectService(new SubjectRepository(new SubjectModel()));
    }

    public function testCreateStoresOnlyKnownFields(): void
    {
        $payload = [
            'code' => 'Code1',
            'name' => 'Name1',
            'weekly_periods' => 1,
            'level' => 'primary',
            'description' => 'Description1',
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
            'code' => 'Code1',
            'name' => 'Name1',
            'weekly_periods' => 1,
            'level' => 'primary',
            'description' => 'Description1',
        ];
        $payload['code'] = 'xxxxxxxxxxxxx';

        $result = $this->service->create($payload);

        $this->assertSame('invalid', $result->status);
        $this->assertArrayHasKey('code', $result->errors);
    }

    public function testEmptyInputIsAValidationErrorNotAnException(): void
    {
        $this->assertSame('invalid', $this->service->create(['unknown' => 1])->status);
        $created = $this->service->create([
            'code' => 'Code1',
            'name' => 'Name1',
            'weekly_periods' => 1,
            'level' => 'primary',
            'description' => 'Description1',
        ]);
        $this->assertSame('invalid', $this->service->update($created->item['id'], [])->status);
    }

    public function testUpdateChangesAndValidates(): void
    {
        $created = $this->service->create([
            'code' => 'Code1',
            'name' => 'Name1',
            'weekly_periods' => 1,
            'level' => 'primary',
            'description' => 'Description1',
        ]);
        $rowId = $created->item['id'];

        $updated = $this->service->update($rowId, ['code' => 'Code2']);
        $rejected = $this->service->update($rowId, ['code' => 'xxxxxxxxxxxxx']);

        $this->assertSame('ok', $updated->status);
        $this->assertEquals('Code2', $updated->item['code']);
        $this->assertSame('invalid', $rejected->status);
        $missing = $this->service->update(999999, ['code' => 'Code2']);
        $this->assertSame('not_found', $missing->status);
    }

    public function testListFindAndDelete(): void
    {
        $first = $this->service->create([
            'code' => 'Code1',
            'name' => 'Name1',
            'weekly_periods' => 1,
            'level' => 'primary',
            'description' => 'Description1',
        ]);
        $second = $this->service->create([
            'code' => 'Code2',
            'name' => 'Name2',
            'weekly_periods' => 2,
            'level' => 'lower_secondary',
            'description' => 'Description2',
        ]);

        $this->assertCount(2, $this->service->list());
        $this->assertCount(1, $this->service->list(1, 1));
        $this->assertSame($second->item['id'], $this->service->list(1, 1)[0]['id']);
        $this->assertTrue($this->service->delete($first->item['id']));
        $this->assertFalse($this->service->delete($first->item['id']));
        $this->assertNull($this->service->find($first->item['id']));
    }
}
