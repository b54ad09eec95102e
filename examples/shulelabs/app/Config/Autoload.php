<?php

namespace Config;

use CodeIgniter\Config\AutoloadConfig;

/**
 * Namespaces of the app. Each module namespace is listed so its Config/Routes.php is discovered
 * (CI4 only reads the routes of namespaces in $psr4). Code generators add one line per module
 * between the shulorch:modules markers; keep one entry per line there.
 */
class Autoload extends AutoloadConfig
{
    /**
     * @var array<string, string>
     */
    public $psr4 = [
        APP_NAMESPACE => APPPATH,
        // shulorch:modules:start
        'App\Modules\Attendance' => APPPATH . 'Modules/Attendance',
        'App\Modules\Classes' => APPPATH . 'Modules/Classes',
        'App\Modules\Fees' => APPPATH . 'Modules/Fees',
        'App\Modules\Grades' => APPPATH . 'Modules/Grades',
        'App\Modules\Guardians' => APPPATH . 'Modules/Guardians',
        'App\Modules\Library' => APPPATH . 'Modules/Library',
        'App\Modules\Students' => APPPATH . 'Modules/Students',
        'App\Modules\Subjects' => APPPATH . 'Modules/Subjects',
        'App\Modules\Teachers' => APPPATH . 'Modules/Teachers',
        'App\Modules\Timetable' => APPPATH . 'Modules/Timetable',
        // shulorch:modules:end
    ];

    /**
     * @var array<string, string>
     */
    public $classmap = [];

    /**
     * @var list<string>
     */
    public $files = [];

    /**
     * @var list<string>
     */
    public $helpers = [];
}
