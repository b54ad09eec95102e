<?php

declare(strict_types=1);

namespace App\Modules\Fees\Database\Migrations;

use CodeIgniter\Database\Migration;

/**
 * Creates fee_invoices (relations are indexed integer columns; the tables they point to belong to other modules).
 *
 * @SuppressWarnings(PHPMD.ShortMethodName) up() and down() are CodeIgniter's names
 */
class CreateFeeInvoicesTable extends Migration
{
    public function up(): void
    {
        $this->forge->addField([
            'id' => ['type' => 'INT', 'constraint' => 11, 'unsigned' => true, 'auto_increment' => true],
            'reference' => [
                'type'       => 'VARCHAR',
                'constraint' => 30,
                'null'       => false,
            ],
            'amount' => [
                'type'       => 'DECIMAL',
                'constraint' => '10,2',
                'null'       => false,
            ],
            'due_on' => [
                'type'       => 'DATE',
                'null'       => false,
            ],
            'status' => [
                'type'       => 'VARCHAR',
                'constraint' => 120,
                'null'       => false,
            ],
            'student_id' => [
                'type'       => 'INT',
                'constraint' => 11,
                'unsigned'   => true,
                'null'       => false,
            ],
            'created_at' => ['type' => 'DATETIME', 'null' => true],
            'updated_at' => ['type' => 'DATETIME', 'null' => true],
        ]);
        $this->forge->addKey('id', true);
        $this->forge->addUniqueKey('reference');
        $this->forge->addKey('student_id');
        $this->forge->createTable('fee_invoices', true);
    }

    public function down(): void
    {
        $this->forge->dropTable('fee_invoices', true);
    }
}
