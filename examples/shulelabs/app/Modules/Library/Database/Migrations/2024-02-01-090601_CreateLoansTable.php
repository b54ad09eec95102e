<?php

declare(strict_types=1);

namespace App\Modules\Library\Database\Migrations;

use CodeIgniter\Database\Migration;

/**
 * Creates loans (relations are indexed integer columns; the tables they point to belong to other modules).
 *
 * @SuppressWarnings(PHPMD.ShortMethodName) up() and down() are CodeIgniter's names
 */
class CreateLoansTable extends Migration
{
    public function up(): void
    {
        $this->forge->addField([
            'id' => ['type' => 'INT', 'constraint' => 11, 'unsigned' => true, 'auto_increment' => true],
            'borrowed_on' => [
                'type'       => 'DATE',
                'null'       => false,
            ],
            'due_on' => [
                'type'       => 'DATE',
                'null'       => false,
            ],
            'returned_on' => [
                'type'       => 'DATE',
                'null'       => true,
            ],
            'book_id' => [
                'type'       => 'INT',
                'constraint' => 11,
                'unsigned'   => true,
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
        $this->forge->addKey('book_id');
        $this->forge->addKey('student_id');
        $this->forge->createTable('loans', true);
    }

    public function down(): void
    {
        $this->forge->dropTable('loans', true);
    }
}
