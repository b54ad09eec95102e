<?php

declare(strict_types=1);

namespace CodeIgniter\Test;

use CodeIgniter\HTTP\Response;
use PHPUnit\Framework\Assert;

/**
 * The response of a feature test with CI4's assertions.
 */
class TestResponse
{
    public function __construct(protected Response $response)
    {
    }

    public function assertStatus(int $code): void
    {
        Assert::assertSame($code, $this->response->getStatusCode(), "Unexpected status; body: {$this->response->getBody()}");
    }

    public function assertHeader(string $key, ?string $value = null): void
    {
        $actual = $this->response->getHeaderLine($key);
        Assert::assertNotSame('', $actual, "Header {$key} is missing.");
        if ($value !== null) {
            Assert::assertSame($value, $actual);
        }
    }

    /** The body when the response is JSON, false otherwise (as in CI4). */
    public function getJSON(): false|string
    {
        return $this->response->getJSON() ?? false;
    }

    /**
     * @param array<string, mixed> $fragment
     */
    public function assertJSONFragment(array $fragment, bool $strict = false): void
    {
        $json = json_decode((string) $this->getJSON(), true);
        Assert::assertIsArray($json, 'Response is not valid JSON.');
        $patched = array_replace_recursive($json, $fragment);
        $strict ? Assert::assertSame($json, $patched, 'Response does not contain a matching JSON fragment.')
            : Assert::assertEquals($json, $patched, 'Response does not contain a matching JSON fragment.');
    }

    /**
     * @param array<mixed>|string $test
     */
    public function assertJSONExact(array|string $test): void
    {
        $expected = is_array($test) ? $test : json_decode($test, true);
        Assert::assertEquals($expected, json_decode((string) $this->getJSON(), true));
    }
}
