<?php

namespace App\Controllers;

use CodeIgniter\API\ResponseTrait;
use CodeIgniter\Controller;
use Throwable;

/**
 * GET /health: the release being served and whether the database answers (503 when it does not).
 */
class Health extends Controller
{
    use ResponseTrait;

    public function index()
    {
        $database = $this->databaseAnswers();

        return $this->respond([
            'status' => $database ? 'ok' : 'unavailable',
            'release' => $this->releaseId(),
            'database' => $database,
        ], $database ? 200 : 503);
    }

    /**
     * Deployment writes the release id to ROOTPATH/RELEASE; APP_RELEASE is the fallback.
     */
    private function releaseId(): string
    {
        $file = ROOTPATH . 'RELEASE';
        $release = is_file($file) ? trim((string) file_get_contents($file)) : '';
        if ($release === '') {
            $release = trim((string) env('APP_RELEASE', ''));
        }

        return $release !== '' ? $release : 'dev';
    }

    private function databaseAnswers(): bool
    {
        try {
            return db_connect()->query('SELECT 1 AS ok')->getRowArray() !== null;
        } catch (Throwable $err) {
            log_message('error', 'Health check: database does not answer: ' . $err->getMessage());

            return false;
        }
    }
}
