<?php

declare(strict_types=1);

namespace App\Modules\Library\Tests;

use App\Modules\Library\Models\BookModel;
use App\Modules\Library\Repositories\BookRepository;
use App\Modules\Library\Services\BookService;
use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;

/**
 * BookService with its repository and model on the test database.
 *
 * @internal
 *
 * @SuppressWarnings(PHPMD.TooManyPublicMethods) one test method per endpoint and outcome
 */
final class BookServiceTest extends CIUnitTestCase
{
    use DatabaseTestTrait;

    private BookService $service;

    protected function setUp(): void
    {
        // Set here, not redeclared: the test-case base class or the trait already declares it.
        $this->namespace = 'App\Modules\Library';
        parent::setUp();
        $this->service = new BookService(new BookRepository(new BookModel()));
    }

    public function testCreateStoresOnlyKnownFields(): void
    {
        $payload = [
            'isbn' => 'Isbn1',
            'title' => 'Title1',
            'author' => 'Author1',
            'copies' => 1,
            'published_on' => '2024-01-01',
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
            'isbn' => 'Isbn1',
            'title' => 'Title1',
            'author' => 'Author1',
            'copies' => 1,
            'published_on' => '2024-01-01',
        ];
        $payload['isbn'] = 'xxxxxxxxxxxxxxxxxx';

        $result = $this->service->create($payload);

        $this->assertSame('invalid', $result->status);
        $this->assertArrayHasKey('isbn', $result->errors);
    }

    public function testEmptyInputIsAValidationErrorNotAnException(): void
    {
        $this->assertSame('invalid', $this->service->create(['unknown' => 1])->status);
        $created = $this->service->create([
            'isbn' => 'Isbn1',
            'title' => 'Title1',
            'author' => 'Author1',
            'copies' => 1,
            'published_on' => '2024-01-01',
        ]);
        $this->assertSame('invalid', $this->service->update($created->item['id'], [])->status);
    }

    public function testUpdateChangesAndValidates(): void
    {
        $created = $this->service->create([
            'isbn' => 'Isbn1',
            'title' => 'Title1',
            'author' => 'Author1',
            'copies' => 1,
            'published_on' => '2024-01-01',
        ]);
        $rowId = $created->item['id'];

        $updated = $this->service->update($rowId, ['isbn' => 'Isbn2']);
        $rejected = $this->service->update($rowId, ['isbn' => 'xxxxxxxxxxxxxxxxxx']);

        $this->assertSame('ok', $updated->status);
        $this->assertEquals('Isbn2', $updated->item['isbn']);
        $this->assertSame('invalid', $rejected->status);
        $missing = $this->service->update(999999, ['isbn' => 'Isbn2']);
        $this->assertSame('not_found', $missing->status);
    }

    public function testListFindAndDelete(): void
    {
        $first = $this->service->create([
            'isbn' => 'Isbn1',
            'title' => 'Title1',
            'author' => 'Author1',
            'copies' => 1,
            'published_on' => '2024-01-01',
        ]);
        $second = $this->service->create([
            'isbn' => 'Isbn2',
            'title' => 'Title2',
            'author' => 'Author2',
            'copies' => 2,
            'published_on' => '2024-01-02',
        ]);

        $this->assertCount(2, $this->service->list());
        $this->assertCount(1, $this->service->list(1, 1));
        $this->assertSame($second->item['id'], $this->service->list(1, 1)[0]['id']);
        $this->assertTrue($this->service->delete($first->item['id']));
        $this->assertFalse($this->service->delete($first->item['id']));
        $this->assertNull($this->service->find($first->item['id']));
    }
}
