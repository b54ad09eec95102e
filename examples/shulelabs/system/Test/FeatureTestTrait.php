<?php

declare(strict_types=1);

namespace CodeIgniter\Test;

use CodeIgniter\CodeIgniter;
use CodeIgniter\HTTP\IncomingRequest;
use CodeIgniter\Router\RouteCollection;

/**
 * HTTP-level tests without a server: get()/post()/put()/patch()/delete() run the app in-process
 * and return a TestResponse. withBodyFormat('json') sends the parameters as a JSON body.
 */
trait FeatureTestTrait
{
    protected ?string $bodyFormat = null;
    /** @var array<string, string> */
    protected array $requestHeaders = [];
    protected ?string $requestBody = null;
    protected ?RouteCollection $testRoutes = null;

    public function withBodyFormat(string $format): static
    {
        $this->bodyFormat = $format;
        return $this;
    }

    /**
     * @param array<string, string> $headers
     */
    public function withHeaders(array $headers = []): static
    {
        $this->requestHeaders = array_merge($this->requestHeaders, $headers);
        return $this;
    }

    /** A raw request body, sent as is (e.g. invalid JSON). */
    public function withBody(string $body): static
    {
        $this->requestBody = $body;
        return $this;
    }

    /**
     * @param array<string, mixed>|null $params
     */
    public function call(string $method, string $path, ?array $params = null): TestResponse
    {
        $method = strtoupper($method);
        $parts = explode('?', $path, 2);
        parse_str($parts[1] ?? '', $query);
        $post = [];
        $body = $this->requestBody;
        $headers = $this->requestHeaders;
        if ($method === 'GET') {
            $query = array_merge($query, $params ?? []);
        } elseif ($this->bodyFormat === 'json' && $body === null) {
            $body = json_encode($params ?? [], JSON_THROW_ON_ERROR);
            $headers['Content-Type'] = 'application/json';
        } elseif ($body === null) {
            $post = $params ?? [];
            $body = http_build_query($post);
        }
        if ($this->bodyFormat === 'json') {
            $headers['Content-Type'] ??= 'application/json';
        }
        $_GET = $query;
        $request = new IncomingRequest($method, $parts[0], $query, $post, $headers, $body);
        $this->requestBody = null;
        return new TestResponse((new CodeIgniter($this->testRoutes))->handle($request));
    }

    /**
     * @param array<string, mixed>|null $params
     */
    public function get(string $path, ?array $params = null): TestResponse
    {
        return $this->call('GET', $path, $params);
    }

    /**
     * @param array<string, mixed>|null $params
     */
    public function post(string $path, ?array $params = null): TestResponse
    {
        return $this->call('POST', $path, $params);
    }

    /**
     * @param array<string, mixed>|null $params
     */
    public function put(string $path, ?array $params = null): TestResponse
    {
        return $this->call('PUT', $path, $params);
    }

    /**
     * @param array<string, mixed>|null $params
     */
    public function patch(string $path, ?array $params = null): TestResponse
    {
        return $this->call('PATCH', $path, $params);
    }

    /**
     * @param array<string, mixed>|null $params
     */
    public function delete(string $path, ?array $params = null): TestResponse
    {
        return $this->call('DELETE', $path, $params);
    }
}
