<?php

declare(strict_types=1);

namespace App\Modules\Library\Tests;

use App\Modules\Library\Models\BookModel;
use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\DatabaseTestTrait;
use CodeIgniter\Test\FeatureTestTrait;

/**
 * Every endpoint of /api/books, through the router, the controller and the database.
 *
 * @internal
 *
 * @SuppressWarnings(PHPMD.TooManyPublicMethods) one test method per endpoint and outcome
 */
final class BooksApiTest extends CIUnitTestCase
{
    use DatabaseTestTrait;
    use FeatureTestTrait;

    protected function setUp(): void
    {
        // Set here, not redeclared: the test-case base class or the trait already declares it.
        $this->namespace = 'App\Modules\Library';
        parent::setUp();
    }

    private function seedRow(): int
    {
        $rowId = (new BookModel())->insert([
            'isbn' => 'Isbn1',
            'title' => 'Title1',
            'author' => 'Author1',
            'copies' => 1,
            'published_on' => '2024-01-01',
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

        $result = $this->get('api/books');

        $result->assertStatus(200);
        $body = $this->body($result->getJSON());
        $this->assertCount(1, $body['data']);
        $this->assertSame($rowId, $body['data'][0]['id']);
    }

    public function testShowReturnsTheRow(): void
    {
        $rowId = $this->seedRow();

        $result = $this->get('api/books/' . $rowId);

        $result->assertStatus(200);
        $body = $this->body($result->getJSON());
        $this->assertSame($rowId, $body['data']['id']);
        $this->assertEquals('Isbn1', $body['data']['isbn']);
    }

    public function testShowUnknownIs404(): void
    {
        $this->get('api/books/999999')->assertStatus(404);
    }

    public function testCreateReturns201(): void
    {
        $result = $this->withBodyFormat('json')->post('api/books', [
            'isbn' => 'Isbn2',
            'title' => 'Title2',
            'author' => 'Author2',
            'copies' => 2,
            'published_on' => '2024-01-02',
        ]);

        $result->assertStatus(201);
        $this->assertIsInt($this->body($result->getJSON())['data']['id']);
        $this->seeInDatabase('books', ['isbn' => 'Isbn2']);
    }

    public function testCreateRejectsAnInvalidField(): void
    {
        $payload = [
            'isbn' => 'Isbn2',
            'title' => 'Title2',
            'author' => 'Author2',
            'copies' => 2,
            'published_on' => '2024-01-02',
        ];
        $payload['isbn'] = 'xxxxxxxxxxxxxxxxxx';

        $result = $this->withBodyFormat('json')->post('api/books', $payload);

        $result->assertStatus(400);
        $this->assertArrayHasKey('isbn', $this->body($result->getJSON())['messages']);
    }

    public function testCreateRejectsAnEmptyObject(): void
    {
        $result = $this->withBodyFormat('json')->post('api/books', []);

        $result->assertStatus(400);
        $this->assertArrayHasKey('body', $this->body($result->getJSON())['messages']);
    }

    public function testCreateRejectsABodyThatIsNotJson(): void
    {
        $result = $this->post('api/books', ['isbn' => 'form-encoded']);

        $result->assertStatus(400);
        $this->dontSeeInDatabase('books', ['isbn' => 'form-encoded']);
    }

    public function testUpdateChangesTheRow(): void
    {
        $rowId = $this->seedRow();

        $payload = ['isbn' => 'Isbn2'];

        $result = $this->withBodyFormat('json')->put('api/books/' . $rowId, $payload);

        $result->assertStatus(200);
        $this->seeInDatabase('books', ['id' => $rowId, 'isbn' => 'Isbn2']);
    }

    public function testUpdateRejectsAnInvalidField(): void
    {
        $rowId = $this->seedRow();
        $payload = ['isbn' => 'xxxxxxxxxxxxxxxxxx'];

        $result = $this->withBodyFormat('json')->put('api/books/' . $rowId, $payload);

        $result->assertStatus(400);
    }

    public function testUpdateRejectsABodyThatIsNotJson(): void
    {
        $rowId = $this->seedRow();

        $this->put('api/books/' . $rowId, ['isbn' => 'form-encoded'])->assertStatus(400);
    }

    public function testUpdateUnknownIs404(): void
    {
        $payload = ['isbn' => 'Isbn2'];

        $this->withBodyFormat('json')->put('api/books/999999', $payload)->assertStatus(404);
    }

    public function testDeleteRemovesTheRow(): void
    {
        $rowId = $this->seedRow();

        $this->delete('api/books/' . $rowId)->assertStatus(200);
        $this->dontSeeInDatabase('books', ['id' => $rowId]);
    }

    public function testDeleteUnknownIs404(): void
    {
        $this->delete('api/books/999999')->assertStatus(404);
    }
}
