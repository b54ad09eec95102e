<?php

namespace App\Modules\Students\Models;

use App\Modules\Students\Entities\Student;
use CodeIgniter\Model;

/**
 * Students, with the rules a student record must satisfy.
 */
class StudentModel extends Model
{
    /**
     * @var string
     */
    protected $table = 'students';

    /**
     * @var string
     */
    protected $primaryKey = 'id';

    /**
     * @var string
     */
    protected $returnType = Student::class;

    /**
     * @var list<string>
     */
    protected $allowedFields = [
        'class_id', 'admission_no', 'first_name', 'last_name', 'email', 'date_of_birth', 'gender',
    ];

    /**
     * @var bool
     */
    protected $useTimestamps = true;

    /**
     * @var array<string, string>
     */
    protected $validationRules = [
        'id' => 'permit_empty|is_natural_no_zero',
        'class_id' => 'required|is_natural_no_zero|is_not_unique[classes.id]',
        'admission_no' => 'required|regex_match[/^SL-\d{4}-\d{3,5}$/]|is_unique[students.admission_no,id,{id}]',
        'first_name' => 'required|alpha_space|min_length[2]|max_length[50]',
        'last_name' => 'required|alpha_space|min_length[2]|max_length[50]',
        'email' => 'permit_empty|valid_email|max_length[120]|is_unique[students.email,id,{id}]',
        'date_of_birth' => 'permit_empty|valid_date[Y-m-d]',
        'gender' => 'required|in_list[female,male,other]',
    ];

    /**
     * @var array<string, array<string, string>>
     */
    protected $validationMessages = [
        'class_id' => ['is_not_unique' => 'Class {value} does not exist.'],
        'admission_no' => [
            'regex_match' => 'The admission_no field must look like SL-2024-001.',
            'is_unique' => 'Admission number {value} is already taken.',
        ],
        'email' => ['is_unique' => 'Another student already uses {value}.'],
    ];
}
