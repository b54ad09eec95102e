<?php

declare(strict_types=1);

namespace App\Modules\Subjects\Database\Migrations;

use CodeIgniter\Database\Migration;

/**
 * Creates subjects.
 *
 * @SuppressWarnings(PHPMD.ShortMethodName) up() and down() are CodeIgniter's names
 */
class CreateSubjectsTable extends Migration
{
    public function up(): void
    {
        $this->forge->addField([
            'id' => ['type' => 'INT', 'constraint' => 11, 'unsigned' => true, 'auto_increment' => true],
            'code' => [
                'type'       => 'VARCHAR',
                'constraint' => 12,
                'null'       => false,
            ],
            'name' => [
                'type'       => 'VARCHAR',
                'constraint' => 120,
                'null'       => false,
            ],
            'weekly_periods' => [
                'type'       => 'INT',
                'constraint' => 11,
                'null'       => false,
            ],
            'level' => [
                'type'       => 'VARCHAR',
                'constraint' => 120,
                'null'       => true,
            ],
            'description' => [
                'type'       => 'TEXT',
                'null'       => true,
            ],
            'created_at' => ['type' => 'DATETIME', 'null' => true],
            'updated_at' => ['type' => 'DATETIME', 'null' => true],
        ]);
        $this->forge->addKey('id', true);
        $this->forge->addUniqueKey('code');
        $this->forge->createTable('subjects', true);
    }

    public function down(): void
    {
        $this->forge->dropTable('subjects', true);
    }
}
