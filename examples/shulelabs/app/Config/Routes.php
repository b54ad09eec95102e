<?php

/**
 * Routes of the app itself. Module routes live in app/Modules/<Name>/Config/Routes.php and are
 * discovered through the namespaces in Config\Autoload::$psr4.
 *
 * @var CodeIgniter\Router\RouteCollection $routes
 */

$routes->get('health', '\App\Controllers\Health::index');
