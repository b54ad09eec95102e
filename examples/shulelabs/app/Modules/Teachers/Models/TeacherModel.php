<?php

declare(strict_types=1);

namespace App\Modules\Teachers\Models;

use App\Modules\Teachers\Entities\Teacher;
use CodeIgniter\Model;

/**
 * The teachers table: what may be written and the rules every write must pass.
 */
class TeacherModel extends Model
{
    protected $table = 'teachers';
    protected $primaryKey = 'id';
    protected $useAutoIncrement = true;
    protected $returnType = Teacher::class;
    protected $useSoftDeletes = false;
    protected $protectFields = true;
    protected $allowedFields = [
        'first_name',
        'last_name',
        'email',
        'phone',
        'status',
        'hired_on',
        'class_id',
    ];
    protected $useTimestamps = true;
    protected $dateFormat = 'datetime';
    protected $createdField = 'created_at';
    protected $updatedField = 'updated_at';
    protected $validationRules = [
        'id' => 'permit_empty|is_natural_no_zero',
        'first_name' => 'required|max_length[80]|min_length[2]',
        'last_name' => 'required|max_length[80]',
        'email' => 'required|valid_email|max_length[190]|is_unique[teachers.email,id,{id}]',
        'phone' => 'permit_empty|max_length[20]',
        'status' => 'required|max_length[120]|in_list[active,on_leave,retired]',
        'hired_on' => 'permit_empty|valid_date[Y-m-d]',
        'class_id' => 'permit_empty|is_natural_no_zero',
    ];
    protected $skipValidation = false;
    protected $cleanValidationRules = true;
}
