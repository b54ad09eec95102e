<?php

/**
 * Routes of the Grades module. CodeIgniter discovers this file because the namespace
 * App\Modules\Grades is registered in Config\Autoload::$psr4.
 *
 * @var \CodeIgniter\Router\RouteCollection $routes
 */

// Controller names are fully qualified (leading backslash): without it CI4 prefixes
// App\Controllers\ and every route answers 404.
$routes->group('api', static function ($routes): void {
    $routes->resource('grades', [
        'controller'  => '\App\Modules\Grades\Controllers\GradesController',
        'only'        => ['index', 'show', 'create', 'update', 'delete'],
        'placeholder' => '(:num)',
    ]);
});
