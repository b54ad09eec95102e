<?php

declare(strict_types=1);

namespace App\Modules\Timetable\Entities;

use CodeIgniter\Entity\Entity;

/**
 * One row of timetable_slots. Dates stay strings so the JSON answers carry them as the database does.
 */
class TimetableSlot extends Entity
{
    protected $dates = [];
    protected $casts = [
        'id' => 'integer',
        'weekday' => 'integer',
        'period' => 'integer',
        'class_id' => 'integer',
        'teacher_id' => '?integer',
    ];
}
