<?php

declare(strict_types=1);

namespace App\Modules\Timetable\Database\Migrations;

use CodeIgniter\Database\Migration;

/**
 * Creates timetable_slots (relations are indexed integer columns; the tables they point to belong to other modules).
 *
 * @SuppressWarnings(PHPMD.ShortMethodName) up() and down() are CodeIgniter's names
 */
class CreateTimetableSlotsTable extends Migration
{
    public function up(): void
    {
        $this->forge->addField([
            'id' => ['type' => 'INT', 'constraint' => 11, 'unsigned' => true, 'auto_increment' => true],
            'weekday' => [
                'type'       => 'INT',
                'constraint' => 11,
                'null'       => false,
            ],
            'period' => [
                'type'       => 'INT',
                'constraint' => 11,
                'null'       => false,
            ],
            'subject_code' => [
                'type'       => 'VARCHAR',
                'constraint' => 12,
                'null'       => false,
            ],
            'room' => [
                'type'       => 'VARCHAR',
                'constraint' => 20,
                'null'       => true,
            ],
            'class_id' => [
                'type'       => 'INT',
                'constraint' => 11,
                'unsigned'   => true,
                'null'       => false,
            ],
            'teacher_id' => [
                'type'       => 'INT',
                'constraint' => 11,
                'unsigned'   => true,
                'null'       => true,
            ],
            'created_at' => ['type' => 'DATETIME', 'null' => true],
            'updated_at' => ['type' => 'DATETIME', 'null' => true],
        ]);
        $this->forge->addKey('id', true);
        $this->forge->addKey('class_id');
        $this->forge->addKey('teacher_id');
        $this->forge->createTable('timetable_slots', true);
    }

    public function down(): void
    {
        $this->forge->dropTable('timetable_slots', true);
    }
}
