<?php

namespace App\Modules\Students\Controllers;

use App\Controllers\ApiController;
use App\Modules\Students\Models\StudentModel;
use CodeIgniter\Database\Exceptions\DataException;

/**
 * /api/students: list (optionally ?class_id=), read, create, update and delete students.
 *
 * @property StudentModel $model
 */
class Students extends ApiController
{
    /**
     * @var string
     */
    protected $modelName = StudentModel::class;

    public function index()
    {
        $classId = $this->request->getGet('class_id');
        if ($classId !== null && $classId !== '') {
            $this->model->where('class_id', $classId);
        }

        return $this->respond($this->model->orderBy('id')->findAll());
    }

    public function show($id = null)
    {
        $student = $this->model->find($id);
        if ($student === null) {
            return $this->failNotFound("Student {$id} not found.");
        }

        return $this->respond($student);
    }

    public function create()
    {
        $data = $this->payload();
        if ($data === null) {
            return $this->failPayload();
        }
        $newId = $this->model->insert($data);
        if ($newId === false) {
            return $this->failValidationErrors($this->model->errors());
        }

        return $this->respondCreated($this->model->find($newId));
    }

    public function update($id = null)
    {
        if ($this->model->find($id) === null) {
            return $this->failNotFound("Student {$id} not found.");
        }
        $data = $this->payload();
        if ($data === null) {
            return $this->failPayload();
        }
        // The id lets is_unique ignore this student's own admission number and email.
        $data['id'] = $id;
        try {
            if (! $this->model->update($id, $data)) {
                return $this->failValidationErrors($this->model->errors());
            }
        } catch (DataException) {
            return $this->failPayload();
        }

        return $this->respond($this->model->find($id));
    }

    public function delete($id = null)
    {
        if ($this->model->find($id) === null) {
            return $this->failNotFound("Student {$id} not found.");
        }
        $this->model->delete($id);

        return $this->respondDeleted(['id' => (int) $id]);
    }
}
