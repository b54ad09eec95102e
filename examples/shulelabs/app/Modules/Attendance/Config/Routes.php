<?php

/**
 * Routes of the Attendance module. CodeIgniter discovers this file because the namespace
 * App\Modules\Attendance is registered in Config\Autoload::$psr4.
 *
 * @var \CodeIgniter\Router\RouteCollection $routes
 */

// Controller names are fully qualified (leading backslash): without it CI4 prefixes
// App\Controllers\ and every route answers 404.
$routes->group('api', static function ($routes): void {
    $routes->resource('attendance', [
        'controller'  => '\App\Modules\Attendance\Controllers\AttendanceRecordsController',
        'only'        => ['index', 'show', 'create', 'update'],
        'placeholder' => '(:num)',
    ]);
});
