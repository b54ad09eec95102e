<?php

declare(strict_types=1);

namespace App\Modules\Fees\Models;

use App\Modules\Fees\Entities\Payment;
use CodeIgniter\Model;

/**
 * The payments table: what may be written and the rules every write must pass.
 */
class PaymentModel extends Model
{
    protected $table = 'payments';
    protected $primaryKey = 'id';
    protected $useAutoIncrement = true;
    protected $returnType = Payment::class;
    protected $useSoftDeletes = false;
    protected $protectFields = true;
    protected $allowedFields = [
        'amount',
        'paid_at',
        'method',
        'receipt_no',
        'fee_invoice_id',
    ];
    protected $useTimestamps = true;
    protected $dateFormat = 'datetime';
    protected $createdField = 'created_at';
    protected $updatedField = 'updated_at';
    protected $validationRules = [
        'id' => 'permit_empty|is_natural_no_zero',
        'amount' => 'required|decimal|greater_than[0]',
        'paid_at' => 'required|valid_date[Y-m-d H:i:s]',
        'method' => 'required|max_length[120]|in_list[cash,bank,mobile_money]',
        'receipt_no' => 'required|max_length[40]|is_unique[payments.receipt_no,id,{id}]',
        'fee_invoice_id' => 'required|is_natural_no_zero',
    ];
    protected $skipValidation = false;
    protected $cleanValidationRules = true;
}
