<?php

declare(strict_types=1);

namespace CodeIgniter\Config;

/**
 * Base of app/Config/Autoload.php. Of CI4's properties only $psr4 is read (by bootstrap.php and
 * RouteCollection::loadRoutes()).
 */
class AutoloadConfig
{
    /** @var array<string, string> */
    public $psr4 = [];
}
