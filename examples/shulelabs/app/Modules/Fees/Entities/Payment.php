<?php

declare(strict_types=1);

namespace App\Modules\Fees\Entities;

use CodeIgniter\Entity\Entity;

/**
 * One row of payments. Dates stay strings so the JSON answers carry them as the database does.
 */
class Payment extends Entity
{
    protected $dates = [];
    protected $casts = [
        'id' => 'integer',
        'amount' => 'float',
        'fee_invoice_id' => 'integer',
    ];
}
