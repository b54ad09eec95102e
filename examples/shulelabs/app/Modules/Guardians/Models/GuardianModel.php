<?php

declare(strict_types=1);

namespace App\Modules\Guardians\Models;

use App\Modules\Guardians\Entities\Guardian;
use CodeIgniter\Model;

/**
 * The guardians table: what may be written and the rules every write must pass.
 */
class GuardianModel extends Model
{
    protected $table = 'guardians';
    protected $primaryKey = 'id';
    protected $useAutoIncrement = true;
    protected $returnType = Guardian::class;
    protected $useSoftDeletes = false;
    protected $protectFields = true;
    protected $allowedFields = [
        'full_name',
        'relationship',
        'phone',
        'email',
        'receives_reports',
        'student_id',
    ];
    protected $useTimestamps = true;
    protected $dateFormat = 'datetime';
    protected $createdField = 'created_at';
    protected $updatedField = 'updated_at';
    protected $validationRules = [
        'full_name' => 'required|max_length[120]',
        'relationship' => 'required|max_length[120]|in_list[mother,father,guardian,other]',
        'phone' => 'required|max_length[20]',
        'email' => 'permit_empty|valid_email|max_length[190]',
        'receives_reports' => 'permit_empty|in_list[0,1]',
        'student_id' => 'required|is_natural_no_zero',
    ];
    protected $skipValidation = false;
    protected $cleanValidationRules = true;
}
