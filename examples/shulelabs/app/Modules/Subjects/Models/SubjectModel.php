<?php

declare(strict_types=1);

namespace App\Modules\Subjects\Models;

use App\Modules\Subjects\Entities\Subject;
use CodeIgniter\Model;

/**
 * The subjects table: what may be written and the rules every write must pass.
 */
class SubjectModel extends Model
{
    protected $table = 'subjects';
    protected $primaryKey = 'id';
    protected $useAutoIncrement = true;
    protected $returnType = Subject::class;
    protected $useSoftDeletes = false;
    protected $protectFields = true;
    protected $allowedFields = [
        'code',
        'name',
        'weekly_periods',
        'level',
        'description',
    ];
    protected $useTimestamps = true;
    protected $dateFormat = 'datetime';
    protected $createdField = 'created_at';
    protected $updatedField = 'updated_at';
    protected $validationRules = [
        'id' => 'permit_empty|is_natural_no_zero',
        'code' => 'required|max_length[12]|alpha_numeric|is_unique[subjects.code,id,{id}]',
        'name' => 'required|max_length[120]',
        'weekly_periods' => 'required|integer|greater_than[0]|less_than[21]',
        'level' => 'permit_empty|max_length[120]|in_list[primary,lower_secondary,upper_secondary]',
        'description' => 'permit_empty|max_length[65535]',
    ];
    protected $skipValidation = false;
    protected $cleanValidationRules = true;
}
