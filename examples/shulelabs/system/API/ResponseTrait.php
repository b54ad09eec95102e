<?php

declare(strict_types=1);

namespace CodeIgniter\API;

use CodeIgniter\HTTP\Response;

/**
 * CI4's API response helpers: JSON bodies with the usual status codes. Failures have the shape
 * {"status": 404, "error": 404, "messages": {"error": "..."}}.
 */
trait ResponseTrait
{
    /**
     * @param array<string, mixed>|object|string|null $data null: an empty body
     */
    protected function respond(mixed $data = null, ?int $status = null, string $message = ''): Response
    {
        $this->response->setStatusCode($status ?? 200, $message);
        return $data === null ? $this->response->setBody('') : $this->response->setJSON($data);
    }

    /**
     * @param array<string, mixed>|string $messages
     */
    protected function fail(array|string $messages, int $status = 400, ?string $code = null, string $customMessage = ''): Response
    {
        $messages = is_array($messages) ? $messages : ['error' => $messages];
        return $this->respond(['status' => $status, 'error' => $code ?? $status, 'messages' => $messages], $status, $customMessage);
    }

    protected function respondCreated(mixed $data = null, string $message = ''): Response
    {
        return $this->respond($data, 201, $message);
    }

    protected function respondDeleted(mixed $data = null, string $message = ''): Response
    {
        return $this->respond($data, 200, $message);
    }

    protected function failNotFound(string $description = 'Not Found', ?string $code = null, string $message = ''): Response
    {
        return $this->fail($description, 404, $code, $message);
    }

    /**
     * @param array<string, string>|string $errors
     */
    protected function failValidationErrors(array|string $errors, ?string $code = null, string $message = ''): Response
    {
        return $this->fail($errors, 400, $code, $message);
    }
}
