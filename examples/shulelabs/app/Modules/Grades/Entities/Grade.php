<?php

declare(strict_types=1);

namespace App\Modules\Grades\Entities;

use CodeIgniter\Entity\Entity;

/**
 * One row of grades. Dates stay strings so the JSON answers carry them as the database does.
 */
class Grade extends Entity
{
    protected $dates = [];
    protected $casts = [
        'id' => 'integer',
        'score' => 'float',
        'student_id' => 'integer',
    ];
}
