<?php

declare(strict_types=1);

namespace CodeIgniter\Database;

use Config\Database;

/**
 * Base of every migration: up() applies, down() reverts, $this->forge builds the DDL.
 */
abstract class Migration
{
    /** @var string|null */
    protected $DBGroup;
    /** @var BaseConnection */
    protected $db;
    /** @var Forge */
    protected $forge;

    public function __construct(?Forge $forge = null)
    {
        $this->forge = $forge ?? Database::forge($this->DBGroup);
        $this->db = $this->forge->getConnection();
    }

    abstract public function up();

    abstract public function down();
}
