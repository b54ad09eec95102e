<?php

namespace App\Modules\Classes\Database\Migrations;

use CodeIgniter\Database\Migration;

/**
 * The classes table: a named class (e.g. "Form 2 East") at a grade level.
 */
class CreateClassesTable extends Migration
{
    public function up()
    {
        $this->forge->addField([
            'id' => ['type' => 'INT', 'constraint' => 11, 'unsigned' => true, 'auto_increment' => true],
            'name' => ['type' => 'VARCHAR', 'constraint' => 50],
            'grade_level' => ['type' => 'TINYINT', 'constraint' => 2, 'unsigned' => true],
            'stream' => ['type' => 'VARCHAR', 'constraint' => 20, 'null' => true],
            'capacity' => ['type' => 'INT', 'constraint' => 4, 'unsigned' => true, 'default' => 40],
            'created_at' => ['type' => 'DATETIME', 'null' => true],
            'updated_at' => ['type' => 'DATETIME', 'null' => true],
        ]);
        $this->forge->addKey('id', true);
        $this->forge->addUniqueKey('name');
        $this->forge->createTable('classes', true);
    }

    public function down()
    {
        $this->forge->dropTable('classes', true);
    }
}
