<?php

declare(strict_types=1);

namespace App\Modules\Fees\Entities;

use CodeIgniter\Entity\Entity;

/**
 * One row of fee_invoices. Dates stay strings so the JSON answers carry them as the database does.
 */
class FeeInvoice extends Entity
{
    protected $dates = [];
    protected $casts = [
        'id' => 'integer',
        'amount' => 'float',
        'student_id' => 'integer',
    ];
}
