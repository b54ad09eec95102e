<?php

namespace Tests\Feature;

use CodeIgniter\Test\CIUnitTestCase;
use CodeIgniter\Test\FeatureTestTrait;
use Config\Database;

/**
 * @internal
 */
final class HealthTest extends CIUnitTestCase
{
    use FeatureTestTrait;

    protected function setUp(): void
    {
        parent::setUp();
        if (is_file(ROOTPATH . 'RELEASE')) {
            $this->markTestSkipped('A RELEASE file is deployed at the app root; it takes precedence over APP_RELEASE.');
        }
        $this->setRelease(null);
    }

    private function setRelease(?string $release): void
    {
        unset($_ENV['APP_RELEASE'], $_SERVER['APP_RELEASE']);
        putenv($release === null ? 'APP_RELEASE' : "APP_RELEASE={$release}");
    }

    protected function tearDown(): void
    {
        $this->setRelease(null);
        putenv('database.tests.database');
        Database::forgetConnections();
        parent::tearDown();
    }

    public function testReportsOkWithReleaseFromEnvironment(): void
    {
        $this->setRelease('20240601-abc123');

        $result = $this->get('health');

        $result->assertStatus(200);
        $result->assertJSONExact(['status' => 'ok', 'release' => '20240601-abc123', 'database' => true]);
    }

    public function testReleaseDefaultsToDev(): void
    {
        $this->get('health')->assertJSONFragment(['release' => 'dev']);
    }

    public function testAnswers503WhenTheDatabaseDoesNot(): void
    {
        putenv('database.tests.database=' . sys_get_temp_dir() . '/no-such-dir-' . getmypid() . '/x.sqlite');
        Database::forgetConnections();

        $result = $this->get('health');

        $result->assertStatus(503);
        $result->assertJSONFragment(['status' => 'unavailable', 'database' => false]);
    }

    public function testUnknownRouteIs404Json(): void
    {
        $result = $this->get('api/nothing-here');

        $result->assertStatus(404);
        $result->assertJSONFragment(['status' => 404]);
    }
}
