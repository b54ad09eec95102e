<?php

namespace App\Modules\Students\Entities;

use CodeIgniter\Entity\Entity;
use DateTimeImmutable;

/**
 * A student enrolled in one class.
 */
class Student extends Entity
{
    /**
     * @var array<string, string>
     */
    protected $casts = [
        'id' => 'integer',
        'class_id' => 'integer',
        'email' => '?string',
        'date_of_birth' => '?string',
    ];

    public function fullName(): string
    {
        return trim("{$this->first_name} {$this->last_name}");
    }

    /**
     * Whole years on $today (Y-m-d), or null when the date of birth is unknown.
     */
    public function ageOn(string $today): ?int
    {
        if ($this->date_of_birth === null || $this->date_of_birth === '') {
            return null;
        }

        return (new DateTimeImmutable($this->date_of_birth))->diff(new DateTimeImmutable($today))->y;
    }
}
