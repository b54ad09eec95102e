<?php

declare(strict_types=1);

namespace App\Modules\Attendance\Controllers;

use App\Modules\Attendance\Models\AttendanceRecordModel;
use App\Modules\Attendance\Repositories\AttendanceRecordRepository;
use App\Modules\Attendance\Services\AttendanceRecordService;
use CodeIgniter\HTTP\ResponseInterface;
use CodeIgniter\RESTful\ResourceController;

/**
 * REST endpoints for attendance_records: JSON in, JSON out, business rules in AttendanceRecordService.
 *
 * Actions declare their return type in the docblock only, as ResourceController's own methods do.
 */
class AttendanceRecordsController extends ResourceController
{
    private const NOT_JSON = 'Send a JSON object with Content-Type: application/json';

    protected $format = 'json';

    private ?AttendanceRecordService $service = null;

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
            return $this->failNotFound('AttendanceRecord ' . $resourceId . ' not found');
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
            return $this->failNotFound('AttendanceRecord ' . $resourceId . ' not found');
        }
        if ($result->status !== 'ok') {
            return $this->failValidationErrors($result->errors);
        }

        return $this->respond(['data' => $result->item]);
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

    private function service(): AttendanceRecordService
    {
        $this->service ??= new AttendanceRecordService(new AttendanceRecordRepository(new AttendanceRecordModel()));

        return $this->service;
    }
}
