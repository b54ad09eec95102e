<?php

declare(strict_types=1);

namespace App\Modules\Fees\Models;

use App\Modules\Fees\Entities\FeeInvoice;
use CodeIgniter\Model;

/**
 * The fee_invoices table: what may be written and the rules every write must pass.
 */
class FeeInvoiceModel extends Model
{
    protected $table = 'fee_invoices';
    protected $primaryKey = 'id';
    protected $useAutoIncrement = true;
    protected $returnType = FeeInvoice::class;
    protected $useSoftDeletes = false;
    protected $protectFields = true;
    protected $allowedFields = [
        'reference',
        'amount',
        'due_on',
        'status',
        'student_id',
    ];
    protected $useTimestamps = true;
    protected $dateFormat = 'datetime';
    protected $createdField = 'created_at';
    protected $updatedField = 'updated_at';
    protected $validationRules = [
        'id' => 'permit_empty|is_natural_no_zero',
        'reference' => 'required|max_length[30]|is_unique[fee_invoices.reference,id,{id}]',
        'amount' => 'required|decimal|greater_than[0]',
        'due_on' => 'required|valid_date[Y-m-d]',
        'status' => 'required|max_length[120]|in_list[open,paid,cancelled]',
        'student_id' => 'required|is_natural_no_zero',
    ];
    protected $skipValidation = false;
    protected $cleanValidationRules = true;
}
