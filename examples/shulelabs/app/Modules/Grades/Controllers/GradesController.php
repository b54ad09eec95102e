<?php

declare(strict_types=1);

namespace App\Modules\Grades\Controllers;

use App\Modules\Grades\Models\GradeModel;
use App\Modules\Grades\Repositories\GradeRepository;
use App\Modules\Grades\Services\GradeService;
use CodeIgniter\HTTP\ResponseInterface;
use CodeIgniter\RESTful\ResourceController;

/**
 * REST endpoints for grades: JSON in, JSON out, business rules in GradeService.
 *
 * Actions declare their return type in the docblock only, as ResourceController's own methods do.
 */
class GradesController extends ResourceController
{
    private const NOT_JSON = 'Send a JSON object with Content-Type: application/json';

    protected $format = 'json';

    private ?GradeService $service = null;

    /**
     * @return ResponseInterface
     */
    public function index()
    {
        $limit = (int) ($this->request->getGet('limit') ?? 100);
        $offset = (int) ($this->request->getGet('offset') ?? 0);

        return $this->respond(['data' => $this->service()->list($limit, $offset)]);
    }

    /**
     * @param int|string|null $resourceId
     *
     * @return ResponseInterface
     */
    public function show($resourceId = null)
    {
        $item = $this->service()->find((int) $resourceId);
        if ($item === null) {
            return $this->failNotFound('Grade ' . $resourceId . ' not found');
        }

        return $this->respond(['data' => $item]);
    }

    /**
     * @return ResponseInterface
     */
    public function create()
    {
        $payload = $this->payload();
        if ($payload === null) {
            return $this->failValidationErrors(['body' => self::NOT_JSON]);
        }
        $result = $this->service()->create($payload);
        if ($result->status !== 'ok') {
            return $this->failValidationErrors($result->errors);
        }

        return $this->respondCreated(['data' => $result->item]);
    }

    /**
     * @param int|string|null $resourceId
     *
     * @return ResponseInterface
     */
    public function update($resourceId = null)
    {
        $payload = $this->payload();
        if ($payload === null) {
            return $this->failValidationErrors(['body' => self::NOT_JSON]);
        }
        $result = $this->service()->update((int) $resourceId, $payload);
        if ($result->status === 'not_found') {
            return $this->failNotFound('Grade ' . $resourceId . ' not found');
        }
        if ($result->status !== 'ok') {
            return $this->failValidationErrors($result->errors);
        }

        return $this->respond(['data' => $result->item]);
    }

    /**
     * @param int|string|null $resourceId
     *
     * @return ResponseInterface
     */
    public function delete($resourceId = null)
    {
        if (! $this->service()->delete((int) $resourceId)) {
            return $this->failNotFound('Grade ' . $resourceId . ' not found');
        }

        return $this->respondDeleted(['data' => ['id' => (int) $resourceId]]);
    }

    /**
     * The request body as a JSON object, or null when it is not one.
     *
     * getJSON() throws on a body that is not JSON, so the content type is checked and the body
     * decoded here.
     *
     * @return array<string, mixed>|null
     */
    private function payload(): ?array
    {
        if (stripos($this->request->getHeaderLine('Content-Type'), 'json') === false) {
            return null;
        }
        $decoded = json_decode((string) $this->request->getBody(), true);

        return is_array($decoded) ? $decoded : null;
    }

    private function service(): GradeService
    {
        $this->service ??= new GradeService(new GradeRepository(new GradeModel()));

        return $this->service;
    }
}
