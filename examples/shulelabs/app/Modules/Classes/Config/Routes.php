<?php

/**
 * Routes of the Classes module: /api/classes (index, show, create, update, delete).
 *
 * @var CodeIgniter\Router\RouteCollection $routes
 */

$routes->group('api', static function ($routes) {
    $routes->resource('classes', [
        'controller' => '\App\Modules\Classes\Controllers\Classes',
        'except' => ['new', 'edit'],
    ]);
});
