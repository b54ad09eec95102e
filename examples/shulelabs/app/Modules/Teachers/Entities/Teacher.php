<?php

declare(strict_types=1);

namespace App\Modules\Teachers\Entities;

use CodeIgniter\Entity\Entity;

/**
 * One row of teachers. Dates stay strings so the JSON answers carry them as the database does.
 */
class Teacher extends Entity
{
    protected $dates = [];
    protected $casts = [
        'id' => 'integer',
        'class_id' => '?integer',
    ];
}
