<?php

declare(strict_types=1);

namespace App\Modules\Grades\Models;

use App\Modules\Grades\Entities\Grade;
use CodeIgniter\Model;

/**
 * The grades table: what may be written and the rules every write must pass.
 */
class GradeModel extends Model
{
    protected $table = 'grades';
    protected $primaryKey = 'id';
    protected $useAutoIncrement = true;
    protected $returnType = Grade::class;
    protected $useSoftDeletes = false;
    protected $protectFields = true;
    protected $allowedFields = [
        'subject_code',
        'term',
        'score',
        'remarks',
        'student_id',
    ];
    protected $useTimestamps = true;
    protected $dateFormat = 'datetime';
    protected $createdField = 'created_at';
    protected $updatedField = 'updated_at';
    protected $validationRules = [
        'subject_code' => 'required|max_length[12]',
        'term' => 'required|max_length[120]|in_list[term1,term2,term3]',
        'score' => 'required|decimal|greater_than_equal_to[0]|less_than_equal_to[100]',
        'remarks' => 'permit_empty|max_length[255]',
        'student_id' => 'required|is_natural_no_zero',
    ];
    protected $skipValidation = false;
    protected $cleanValidationRules = true;
}
