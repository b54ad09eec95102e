<?php

declare(strict_types=1);

namespace CodeIgniter\HTTP;

use CodeIgniter\HTTP\Exceptions\HTTPException;

/**
 * The request being handled: method, path, headers, query and raw body (CI4 API subset).
 */
class IncomingRequest
{
    /** @var array<string, string> lower-case name => value */
    protected array $headers = [];

    /**
     * @param array<string, mixed> $query
     * @param array<string, string> $headers
     */
    public function __construct(
        protected string $method = 'GET',
        protected string $path = '/',
        protected array $query = [],
        array $headers = [],
        protected ?string $body = null
    ) {
        $this->method = strtoupper($method);
        $this->path = '/' . trim($path, '/');
        $this->headers = array_change_key_case($headers);
    }

    /** Builds the request PHP received (front controller). */
    public static function fromGlobals(): static
    {
        $headers = [];
        foreach ($_SERVER as $key => $value) {
            if (str_starts_with($key, 'HTTP_') || $key === 'CONTENT_TYPE') {
                $headers[str_replace('_', '-', preg_replace('/^HTTP_/', '', $key))] = (string) $value;
            }
        }
        $path = (string) parse_url((string) ($_SERVER['REQUEST_URI'] ?? '/'), PHP_URL_PATH);
        $path = (string) preg_replace('#^/index\.php(?=/|$)#', '', $path);
        $body = (string) file_get_contents('php://input');
        return new static((string) ($_SERVER['REQUEST_METHOD'] ?? 'GET'), $path, $_GET, $headers, $body ?: null);
    }

    /** Upper-case method, as CI4 4.5 returns it. */
    public function getMethod(): string
    {
        return $this->method;
    }

    public function getPath(): string
    {
        return $this->path;
    }

    public function getHeaderLine(string $name): string
    {
        return $this->headers[strtolower($name)] ?? '';
    }

    public function getBody(): ?string
    {
        return $this->body;
    }

    /**
     * The body decoded as JSON; null for an empty body; HTTPException (400) when it is not JSON.
     */
    public function getJSON(bool $assoc = false, int $depth = 512, int $options = 0): mixed
    {
        if ($this->body === null || trim($this->body) === '') {
            return null;
        }
        $result = json_decode($this->body, $assoc, $depth, $options);
        if (json_last_error() !== JSON_ERROR_NONE) {
            throw new HTTPException('Failed to parse JSON string. Error: ' . json_last_error_msg(), 400);
        }
        return $result;
    }

    /**
     * A query-string value, or all of them for null.
     *
     * @param list<string>|string|null $index
     */
    public function getGet(array|string|null $index = null, ?int $filter = null, mixed $flags = null): mixed
    {
        return match (true) {
            $index === null => $this->query,
            is_array($index) => array_intersect_key($this->query, array_flip($index)),
            default => $this->query[$index] ?? null,
        };
    }
}
