<?php

namespace App\Controllers;

use CodeIgniter\HTTP\Exceptions\HTTPException;
use CodeIgniter\RESTful\ResourceController;

/**
 * Base of the JSON resource controllers: reads the request body as a JSON object.
 */
abstract class ApiController extends ResourceController
{
    /**
     * @var string
     */
    protected $format = 'json';

    /**
     * The JSON object sent, or null when the body is empty, not JSON, or not an object.
     *
     * @return array<string, mixed>|null
     */
    protected function payload(): ?array
    {
        try {
            $data = $this->request->getJSON(true);
        } catch (HTTPException) {
            return null;
        }

        return is_array($data) && $data !== [] && ! array_is_list($data) ? $data : null;
    }

    protected function failPayload()
    {
        return $this->failValidationErrors(
            ['body' => 'Send a non-empty JSON object (Content-Type: application/json).']
        );
    }
}
