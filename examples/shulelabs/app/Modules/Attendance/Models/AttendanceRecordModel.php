<?php

declare(strict_types=1);

namespace App\Modules\Attendance\Models;

use App\Modules\Attendance\Entities\AttendanceRecord;
use CodeIgniter\Model;

/**
 * The attendance_records table: what may be written and the rules every write must pass.
 */
class AttendanceRecordModel extends Model
{
    protected $table = 'attendance_records';
    protected $primaryKey = 'id';
    protected $useAutoIncrement = true;
    protected $returnType = AttendanceRecord::class;
    protected $useSoftDeletes = false;
    protected $protectFields = true;
    protected $allowedFields = [
        'day',
        'status',
        'note',
        'student_id',
        'class_id',
    ];
    protected $useTimestamps = true;
    protected $dateFormat = 'datetime';
    protected $createdField = 'created_at';
    protected $updatedField = 'updated_at';
    protected $validationRules = [
        'day' => 'required|valid_date[Y-m-d]',
        'status' => 'required|max_length[120]|in_list[present,absent,late,excused]',
        'note' => 'permit_empty|max_length[255]',
        'student_id' => 'required|is_natural_no_zero',
        'class_id' => 'required|is_natural_no_zero',
    ];
    protected $skipValidation = false;
    protected $cleanValidationRules = true;
}
