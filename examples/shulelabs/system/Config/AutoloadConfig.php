<?php

declare(strict_types=1);

namespace CodeIgniter\Config;

/**
 * Base of app/Config/Autoload.php (same property names as CI4).
 */
class AutoloadConfig
{
    /** @var array<string, string> */
    public $psr4 = [];

    /** @var array<string, string> */
    public $classmap = [];

    /** @var list<string> */
    public $files = [];

    /** @var list<string> */
    public $helpers = [];
}
