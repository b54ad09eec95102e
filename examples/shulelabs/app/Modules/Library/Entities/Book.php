<?php

declare(strict_types=1);

namespace App\Modules\Library\Entities;

use CodeIgniter\Entity\Entity;

/**
 * One row of books. Dates stay strings so the JSON answers carry them as the database does.
 */
class Book extends Entity
{
    protected $dates = [];
    protected $casts = [
        'id' => 'integer',
        'copies' => 'integer',
    ];
}
