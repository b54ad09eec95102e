<?php

declare(strict_types=1);

namespace App\Modules\Subjects\Entities;

use CodeIgniter\Entity\Entity;

/**
 * One row of subjects. Dates stay strings so the JSON answers carry them as the database does.
 */
class Subject extends Entity
{
    protected $dates = [];
    protected $casts = [
        'id' => 'integer',
        'weekly_periods' => 'integer',
    ];
}
