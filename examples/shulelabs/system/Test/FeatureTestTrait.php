<?php

declare(strict_types=1);

namespace CodeIgniter\Test;

use CodeIgniter\CodeIgniter;
use CodeIgniter\HTTP\IncomingRequest;

/**
 * HTTP-level tests without a server: get()/post()/put()/patch()/delete() run the app in-process
 * and return a TestResponse. withBodyFormat('json') sends the parameters as a JSON body, else they
 * are form-encoded (the query string for GET).
 */
trait FeatureTestTrait
{
    protected ?string $bodyFormat = null;
    protected ?string $requestBody = null;

    public function withBodyFormat(string $format): static
    {
        $this->bodyFormat = $format;
        return $this;
    }

    /** A raw request body for the next call, sent as is (e.g. invalid JSON). */
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
        [$path, $queryString] = explode('?', $path, 2) + [1 => ''];
        parse_str($queryString, $query);
        [$body, $this->requestBody] = [$this->requestBody, null];
        if (strtoupper($method) === 'GET') {
            $query = array_merge($query, $params ?? []);
        } elseif ($body === null) {
            $body = $this->bodyFormat === 'json' ? json_encode($params ?? [], JSON_THROW_ON_ERROR) : http_build_query($params ?? []);
        }
        $headers = $this->bodyFormat === 'json' ? ['Content-Type' => 'application/json'] : [];
        return new TestResponse((new CodeIgniter())->handle(new IncomingRequest($method, $path, $query, $headers, $body)));
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
