<?php

declare(strict_types=1);

namespace App\Modules\Library\Models;

use App\Modules\Library\Entities\Book;
use CodeIgniter\Model;

/**
 * The books table: what may be written and the rules every write must pass.
 */
class BookModel extends Model
{
    protected $table = 'books';
    protected $primaryKey = 'id';
    protected $useAutoIncrement = true;
    protected $returnType = Book::class;
    protected $useSoftDeletes = false;
    protected $protectFields = true;
    protected $allowedFields = [
        'isbn',
        'title',
        'author',
        'copies',
        'published_on',
    ];
    protected $useTimestamps = true;
    protected $dateFormat = 'datetime';
    protected $createdField = 'created_at';
    protected $updatedField = 'updated_at';
    protected $validationRules = [
        'id' => 'permit_empty|is_natural_no_zero',
        'isbn' => 'required|max_length[17]|is_unique[books.isbn,id,{id}]',
        'title' => 'required|max_length[200]',
        'author' => 'required|max_length[120]',
        'copies' => 'required|integer|greater_than_equal_to[0]',
        'published_on' => 'permit_empty|valid_date[Y-m-d]',
    ];
    protected $skipValidation = false;
    protected $cleanValidationRules = true;
}
