<?php

/**
 * Routes of the Fees module. CodeIgniter discovers this file because the namespace
 * App\Modules\Fees is registered in Config\Autoload::$psr4.
 *
 * @var \CodeIgniter\Router\RouteCollection $routes
 */

// Controller names are fully qualified (leading backslash): without it CI4 prefixes
// App\Controllers\ and every route answers 404.
$routes->group('api', static function ($routes): void {
    $routes->resource('fee-invoices', [
        'controller'  => '\App\Modules\Fees\Controllers\FeeInvoicesController',
        'only'        => ['index', 'show', 'create', 'update', 'delete'],
        'placeholder' => '(:num)',
    ]);
    $routes->resource('payments', [
        'controller'  => '\App\Modules\Fees\Controllers\PaymentsController',
        'only'        => ['index', 'show', 'create'],
        'placeholder' => '(:num)',
    ]);
});
