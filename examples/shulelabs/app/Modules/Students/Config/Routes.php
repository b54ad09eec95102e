<?php

/**
 * Routes of the Students module: /api/students (index, show, create, update, delete).
 *
 * @var CodeIgniter\Router\RouteCollection $routes
 */

$routes->group('api', static function ($routes) {
    $routes->resource('students', [
        'controller' => '\App\Modules\Students\Controllers\Students',
        'except' => ['new', 'edit'],
    ]);
});
