<?php

declare(strict_types=1);

namespace App\Modules\Attendance\Entities;

use CodeIgniter\Entity\Entity;

/**
 * One row of attendance_records. Dates stay strings so the JSON answers carry them as the database does.
 */
class AttendanceRecord extends Entity
{
    protected $dates = [];
    protected $casts = [
        'id' => 'integer',
        'student_id' => 'integer',
        'class_id' => 'integer',
    ];
}
