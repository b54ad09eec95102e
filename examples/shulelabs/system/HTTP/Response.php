<?php

declare(strict_types=1);

namespace CodeIgniter\HTTP;

/**
 * The response being built: status, headers, body; send() writes it out (CI4 API subset).
 */
class Response
{
    protected const REASONS = [
        200 => 'OK', 201 => 'Created', 204 => 'No Content', 400 => 'Bad Request', 401 => 'Unauthorized',
        403 => 'Forbidden', 404 => 'Not Found', 405 => 'Method Not Allowed', 409 => 'Conflict',
        410 => 'Gone', 429 => 'Too Many Requests', 500 => 'Internal Server Error',
        501 => 'Not Implemented', 503 => 'Service Unavailable',
    ];

    protected int $statusCode = 200;
    protected string $reason = 'OK';
    /** @var array<string, string> */
    protected array $headers = ['Content-Type' => 'text/html; charset=UTF-8'];
    protected string $body = '';

    public function setStatusCode(int $code, string $reason = ''): static
    {
        $this->statusCode = $code;
        $this->reason = $reason !== '' ? $reason : (self::REASONS[$code] ?? '');
        return $this;
    }

    public function getStatusCode(): int
    {
        return $this->statusCode;
    }

    public function getReasonPhrase(): string
    {
        return $this->reason;
    }

    public function setHeader(string $name, string $value): static
    {
        $this->headers[$name] = $value;
        return $this;
    }

    public function getHeaderLine(string $name): string
    {
        foreach ($this->headers as $key => $value) {
            if (strcasecmp($key, $name) === 0) {
                return $value;
            }
        }
        return '';
    }

    /**
     * @return array<string, string>
     */
    public function headers(): array
    {
        return $this->headers;
    }

    public function setContentType(string $mime, string $charset = 'UTF-8'): static
    {
        return $this->setHeader('Content-Type', $mime . ($charset !== '' ? '; charset=' . $charset : ''));
    }

    public function setBody(mixed $data): static
    {
        $this->body = (string) $data;
        return $this;
    }

    public function getBody(): string
    {
        return $this->body;
    }

    public function setJSON(mixed $body, bool $unencoded = false): static
    {
        $json = $unencoded ? (string) $body
            : json_encode($body, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
        return $this->setContentType('application/json')->setBody($json);
    }

    public function getJSON(): ?string
    {
        return str_contains($this->getHeaderLine('Content-Type'), 'json') ? $this->body : null;
    }

    public function send(): static
    {
        if (! headers_sent()) {
            http_response_code($this->statusCode);
            foreach ($this->headers as $name => $value) {
                header("{$name}: {$value}", true);
            }
        }
        echo $this->body;
        return $this;
    }
}
