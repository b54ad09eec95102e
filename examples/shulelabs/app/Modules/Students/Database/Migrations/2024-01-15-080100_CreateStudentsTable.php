<?php

namespace App\Modules\Students\Database\Migrations;

use CodeIgniter\Database\Migration;

/**
 * The students table; every student belongs to a class, which cannot be deleted while it has any.
 */
class CreateStudentsTable extends Migration
{
    public function up()
    {
        $this->forge->addField([
            'id' => ['type' => 'INT', 'constraint' => 11, 'unsigned' => true, 'auto_increment' => true],
            'class_id' => ['type' => 'INT', 'constraint' => 11, 'unsigned' => true],
            'admission_no' => ['type' => 'VARCHAR', 'constraint' => 20],
            'first_name' => ['type' => 'VARCHAR', 'constraint' => 50],
            'last_name' => ['type' => 'VARCHAR', 'constraint' => 50],
            'email' => ['type' => 'VARCHAR', 'constraint' => 120, 'null' => true],
            'date_of_birth' => ['type' => 'DATE', 'null' => true],
            'gender' => ['type' => 'VARCHAR', 'constraint' => 10],
            'created_at' => ['type' => 'DATETIME', 'null' => true],
            'updated_at' => ['type' => 'DATETIME', 'null' => true],
        ]);
        $this->forge->addKey('id', true);
        $this->forge->addUniqueKey('admission_no');
        $this->forge->addKey('class_id');
        $this->forge->addForeignKey('class_id', 'classes', 'id', 'CASCADE', 'RESTRICT');
        $this->forge->createTable('students', true);
    }

    public function down()
    {
        $this->forge->dropTable('students', true);
    }
}
