<?php

declare(strict_types=1);

namespace CodeIgniter\HTTP;

use CodeIgniter\HTTP\Exceptions\HTTPException;

/**
 * The request being handled: method, path, headers, query, form and raw body (CI4 API subset).
 */
class IncomingRequest
{
    /** @var array<string, string> lower-case name => value */
    protected array $headers = [];

    /**
     * @param array<string, mixed> $query
     * @param array<string, mixed> $post
     * @param array<string, string> $headers
     */
    public function __construct(
        protected string $method = 'GET',
        protected string $path = '/',
        protected array $query = [],
        protected array $post = [],
        array $headers = [],
        protected ?string $body = null
    ) {
        $this->method = strtoupper($method);
        $this->path = '/' . trim($path, '/');
        foreach ($headers as $name => $value) {
            $this->headers[strtolower($name)] = $value;
        }
    }

    /** Builds the request PHP received (front controller). */
    public static function fromGlobals(): static
    {
        $headers = [];
        foreach ($_SERVER as $key => $value) {
            if (str_starts_with($key, 'HTTP_')) {
                $headers[str_replace('_', '-', substr($key, 5))] = (string) $value;
            }
        }
        if (isset($_SERVER['CONTENT_TYPE'])) {
            $headers['Content-Type'] = (string) $_SERVER['CONTENT_TYPE'];
        }
        $path = (string) parse_url((string) ($_SERVER['REQUEST_URI'] ?? '/'), PHP_URL_PATH);
        $path = preg_replace('#^/index\.php(?=/|$)#', '', $path) ?? $path;
        $body = file_get_contents('php://input');
        return new static((string) ($_SERVER['REQUEST_METHOD'] ?? 'GET'), $path, $_GET, $_POST, $headers, $body ?: null);
    }

    /** Upper-case method, as CI4 4.5 returns it. */
    public function getMethod(): string
    {
        return $this->method;
    }

    public function is(string $type): bool
    {
        $type = strtolower($type);
        return $type === 'json' ? str_contains($this->getHeaderLine('Content-Type'), 'json') : strtolower($this->method) === $type;
    }

    public function getPath(): string
    {
        return $this->path;
    }

    public function getHeaderLine(string $name): string
    {
        return $this->headers[strtolower($name)] ?? '';
    }

    public function hasHeader(string $name): bool
    {
        return isset($this->headers[strtolower($name)]);
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
            throw HTTPException::forInvalidJSON(json_last_error_msg());
        }
        return $result;
    }

    /**
     * A value from the JSON body, the form body or the query (all of them for null).
     */
    public function getVar(array|string|null $index = null, ?int $filter = null, mixed $flags = null): mixed
    {
        $data = $this->is('json') ? (array) ($this->getJSON(true) ?? []) : [];
        $data = array_merge($this->query, $this->post, $data);
        return $this->pick($data, $index);
    }

    public function getPost(array|string|null $index = null, ?int $filter = null, mixed $flags = null): mixed
    {
        return $this->pick($this->post, $index);
    }

    public function getGet(array|string|null $index = null, ?int $filter = null, mixed $flags = null): mixed
    {
        return $this->pick($this->query, $index);
    }

    /**
     * The body parsed as a form (application/x-www-form-urlencoded), as for PUT/PATCH forms.
     *
     * @return array<string, mixed>
     */
    public function getRawInput(): array
    {
        parse_str($this->body ?? '', $data);
        return $data;
    }

    /**
     * @param array<string, mixed> $data
     * @param list<string>|string|null $index
     */
    protected function pick(array $data, array|string|null $index): mixed
    {
        if ($index === null) {
            return $data;
        }
        if (is_array($index)) {
            return array_intersect_key($data, array_flip($index));
        }
        return $data[$index] ?? null;
    }
}
