<?php

/**
 * Routes of the Subjects module. CodeIgniter discovers this file because the namespace
 * App\Modules\Subjects is registered in Config\Autoload::$psr4.
 *
 * @var \CodeIgniter\Router\RouteCollection $routes
 */

// Controller names are fully qualified (leading backslash): without it CI4 prefixes
// App\Controllers\ and every route answers 404.
$routes->group('api', static function ($routes): void {
    $routes->resource('subjects', [
        'controller'  => '\App\Modules\Subjects\Controllers\SubjectsController',
        'only'        => ['index', 'show', 'create', 'update', 'delete'],
        'placeholder' => '(:num)',
    ]);
});
