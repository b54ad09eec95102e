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
     * @param array<string, mixed>|object|string|null $data
     */
    protected function respond(mixed $data = null, ?int $status = null, string $message = ''): Response
    {
        if ($data === null && $status === null) {
            $status = 404;
        }
        $this->response->setStatusCode($status ?? 200, $message);
        if ($data === null) {
            return $this->response->setBody('');
        }
        return $this->response->setJSON($data);
    }

    /**
     * @param array<string, mixed>|string $messages
     */
    protected function fail(array|string $messages, int $status = 400, ?string $code = null, string $customMessage = ''): Response
    {
        $response = [
            'status' => $status,
            'error' => $code ?? $status,
            'messages' => is_array($messages) ? $messages : ['error' => $messages],
        ];
        return $this->respond($response, $status, $customMessage);
    }

    protected function respondCreated(mixed $data = null, string $message = ''): Response
    {
        return $this->respond($data, 201, $message);
    }

    protected function respondDeleted(mixed $data = null, string $message = ''): Response
    {
        return $this->respond($data, 200, $message);
    }

    protected function respondUpdated(mixed $data = null, string $message = ''): Response
    {
        return $this->respond($data, 200, $message);
    }

    protected function respondNoContent(string $message = 'No Content'): Response
    {
        return $this->respond(null, 204, $message);
    }

    protected function failUnauthorized(string $description = 'Unauthorized', ?string $code = null, string $message = ''): Response
    {
        return $this->fail($description, 401, $code, $message);
    }

    protected function failForbidden(string $description = 'Forbidden', ?string $code = null, string $message = ''): Response
    {
        return $this->fail($description, 403, $code, $message);
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

    protected function failResourceExists(string $description = 'Conflict', ?string $code = null, string $message = ''): Response
    {
        return $this->fail($description, 409, $code, $message);
    }

    protected function failServerError(string $description = 'Internal Server Error', ?string $code = null, string $message = ''): Response
    {
        return $this->fail($description, 500, $code, $message);
    }
}
