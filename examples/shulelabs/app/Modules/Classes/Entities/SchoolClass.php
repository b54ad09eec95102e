<?php

namespace App\Modules\Classes\Entities;

use CodeIgniter\Entity\Entity;

/**
 * A class of students ("class" itself is a reserved word in PHP).
 */
class SchoolClass extends Entity
{
    /**
     * @var array<string, string>
     */
    protected $casts = [
        'id' => 'integer',
        'grade_level' => 'integer',
        'capacity' => 'integer',
        'stream' => '?string',
    ];

    /**
     * e.g. "Grade 7 (East)".
     */
    public function label(): string
    {
        $stream = $this->stream !== null && $this->stream !== '' ? " ({$this->stream})" : '';

        return "Grade {$this->grade_level}{$stream}";
    }
}
