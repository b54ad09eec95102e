<?php

namespace App\Modules\Classes\Models;

use App\Modules\Classes\Entities\SchoolClass;
use CodeIgniter\Model;

/**
 * Classes, with the rules a class must satisfy.
 */
class ClassModel extends Model
{
    /**
     * @var string
     */
    protected $table = 'classes';

    /**
     * @var string
     */
    protected $primaryKey = 'id';

    /**
     * @var string
     */
    protected $returnType = SchoolClass::class;

    /**
     * @var list<string>
     */
    protected $allowedFields = ['name', 'grade_level', 'stream', 'capacity'];

    /**
     * @var bool
     */
    protected $useTimestamps = true;

    /**
     * @var array<string, string>
     */
    protected $validationRules = [
        'id' => 'permit_empty|is_natural_no_zero',
        'name' => 'required|alpha_numeric_space|min_length[2]|max_length[50]|is_unique[classes.name,id,{id}]',
        'grade_level' => 'required|integer|greater_than_equal_to[1]|less_than_equal_to[12]',
        'stream' => 'permit_empty|alpha_space|max_length[20]',
        'capacity' => 'permit_empty|is_natural_no_zero|less_than_equal_to[80]',
    ];

    /**
     * @var array<string, array<string, string>>
     */
    protected $validationMessages = [
        'name' => ['is_unique' => 'A class named "{value}" already exists.'],
        'grade_level' => [
            'greater_than_equal_to' => 'The grade_level field must be between 1 and 12.',
            'less_than_equal_to' => 'The grade_level field must be between 1 and 12.',
        ],
    ];

    /**
     * How many students are enrolled in the class.
     */
    public function studentCount(int|string $classId): int
    {
        $row = $this->db->query('SELECT COUNT(*) AS total FROM students WHERE class_id = ?', [$classId])->getRowArray();

        return (int) ($row['total'] ?? 0);
    }
}
