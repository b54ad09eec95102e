<?php

declare(strict_types=1);

namespace App\Modules\Library\Database\Migrations;

use CodeIgniter\Database\Migration;

/**
 * Creates books.
 *
 * @SuppressWarnings(PHPMD.ShortMethodName) up() and down() are CodeIgniter's names
 */
class CreateBooksTable extends Migration
{
    public function up(): void
    {
        $this->forge->addField([
            'id' => ['type' => 'INT', 'constraint' => 11, 'unsigned' => true, 'auto_increment' => true],
            'isbn' => [
                'type'       => 'VARCHAR',
                'constraint' => 17,
                'null'       => false,
            ],
            'title' => [
                'type'       => 'VARCHAR',
                'constraint' => 200,
                'null'       => false,
            ],
            'author' => [
                'type'       => 'VARCHAR',
                'constraint' => 120,
                'null'       => false,
            ],
            'copies' => [
                'type'       => 'INT',
                'constraint' => 11,
                'null'       => false,
            ],
            'published_on' => [
                'type'       => 'DATE',
                'null'       => true,
            ],
            'created_at' => ['type' => 'DATETIME', 'null' => true],
            'updated_at' => ['type' => 'DATETIME', 'null' => true],
        ]);
        $this->forge->addKey('id', true);
        $this->forge->addUniqueKey('isbn');
        $this->forge->createTable('books', true);
    }

    public function down(): void
    {
        $this->forge->dropTable('books', true);
    }
}
