<?php

declare(strict_types=1);

namespace App\Modules\Guardians\Entities;

use CodeIgniter\Entity\Entity;

/**
 * One row of guardians. Dates stay strings so the JSON answers carry them as the database does.
 */
class Guardian extends Entity
{
    protected $dates = [];
    protected $casts = [
        'id' => 'integer',
        'receives_reports' => '?boolean',
        'student_id' => 'integer',
    ];
}
