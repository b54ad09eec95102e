<?php

declare(strict_types=1);

namespace App\Modules\Library\Entities;

use CodeIgniter\Entity\Entity;

/**
 * One row of loans. Dates stay strings so the JSON answers carry them as the database does.
 */
class Loan extends Entity
{
    protected $dates = [];
    protected $casts = [
        'id' => 'integer',
        'book_id' => 'integer',
        'student_id' => 'integer',
    ];
}
