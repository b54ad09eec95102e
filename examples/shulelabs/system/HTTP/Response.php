<?php

declare(strict_types=1);

namespace CodeIgniter\HTTP;

/**
 * The response being built: status, headers, body; send() writes it out (CI4 API subset).
 */
class Response
{
    protected int $statusCode = 200;
    /** @var array<string, string> */
    protected array $headers = ['Content-Type' => 'text/html; charset=UTF-8'];
    protected string $body = '';

    /** The reason phrase is PHP's standard one for the code. */
    public function setStatusCode(int $code, string $reason = ''): static
    {
        $this->statusCode = $code;
        return $this;
    }

    public function getStatusCode(): int
    {
        return $this->statusCode;
    }

    public function setHeader(string $name, string $value): static
    {
        $this->headers[$name] = $value;
        return $this;
    }

    public function getHeaderLine(string $name): string
    {
        return array_change_key_case($this->headers)[strtolower($name)] ?? '';
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
        return $this->setHeader('Content-Type', 'application/json; charset=UTF-8')->setBody($json);
    }

    /** The body when the response is JSON, else null. */
    public function getJSON(): ?string
    {
        return str_contains($this->getHeaderLine('Content-Type'), 'json') ? $this->body : null;
    }

    public function send(): static
    {
        if (! headers_sent()) {
            http_response_code($this->statusCode);
            foreach ($this->headers as $name => $value) {
                header("{$name}: {$value}");
            }
        }
        echo $this->body;
        return $this;
    }
}
