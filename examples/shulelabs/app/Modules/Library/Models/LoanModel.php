<?php

declare(strict_types=1);

namespace App\Modules\Library\Models;

use App\Modules\Library\Entities\Loan;
use CodeIgniter\Model;

/**
 * The loans table: what may be written and the rules every write must pass.
 */
class LoanModel extends Model
{
    protected $table = 'loans';
    protected $primaryKey = 'id';
    protected $useAutoIncrement = true;
    protected $returnType = Loan::class;
    protected $useSoftDeletes = false;
    protected $protectFields = true;
    protected $allowedFields = [
        'borrowed_on',
        'due_on',
        'returned_on',
        'book_id',
        'student_id',
    ];
    protected $useTimestamps = true;
    protected $dateFormat = 'datetime';
    protected $createdField = 'created_at';
    protected $updatedField = 'updated_at';
    protected $validationRules = [
        'borrowed_on' => 'required|valid_date[Y-m-d]',
        'due_on' => 'required|valid_date[Y-m-d]',
        'returned_on' => 'permit_empty|valid_date[Y-m-d]',
        'book_id' => 'required|is_natural_no_zero',
        'student_id' => 'required|is_natural_no_zero',
    ];
    protected $skipValidation = false;
    protected $cleanValidationRules = true;
}
