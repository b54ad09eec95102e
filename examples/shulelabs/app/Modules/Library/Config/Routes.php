<?php

/**
 * Routes of the Library module. CodeIgniter discovers this file because the namespace
 * App\Modules\Library is registered in Config\Autoload::$psr4.
 *
 * @var \CodeIgniter\Router\RouteCollection $routes
 */

// Controller names are fully qualified (leading backslash): without it CI4 prefixes
// App\Controllers\ and every route answers 404.
$routes->group('api', static function ($routes): void {
    $routes->resource('books', [
        'controller'  => '\App\Modules\Library\Controllers\BooksController',
        'only'        => ['index', 'show', 'create', 'update', 'delete'],
        'placeholder' => '(:num)',
    ]);
    $routes->resource('loans', [
        'controller'  => '\App\Modules\Library\Controllers\LoansController',
        'only'        => ['index', 'show', 'create', 'update'],
        'placeholder' => '(:num)',
    ]);
});
