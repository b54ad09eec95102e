<?php

declare(strict_types=1);

namespace App\Modules\Timetable\Models;

use App\Modules\Timetable\Entities\TimetableSlot;
use CodeIgniter\Model;

/**
 * The timetable_slots table: what may be written and the rules every write must pass.
 */
class TimetableSlotModel extends Model
{
    protected $table = 'timetable_slots';
    protected $primaryKey = 'id';
    protected $useAutoIncrement = true;
    protected $returnType = TimetableSlot::class;
    protected $useSoftDeletes = false;
    protected $protectFields = true;
    protected $allowedFields = [
        'weekday',
        'period',
        'subject_code',
        'room',
        'class_id',
        'teacher_id',
    ];
    protected $useTimestamps = true;
    protected $dateFormat = 'datetime';
    protected $createdField = 'created_at';
    protected $updatedField = 'updated_at';
    protected $validationRules = [
        'weekday' => 'required|integer|greater_than[0]|less_than[8]',
        'period' => 'required|integer|greater_than[0]|less_than[13]',
        'subject_code' => 'required|max_length[12]',
        'room' => 'permit_empty|max_length[20]',
        'class_id' => 'required|is_natural_no_zero',
        'teacher_id' => 'permit_empty|is_natural_no_zero',
    ];
    protected $skipValidation = false;
    protected $cleanValidationRules = true;
}
