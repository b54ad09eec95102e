<?php

namespace App\Modules\Classes\Controllers;

use App\Controllers\ApiController;
use App\Modules\Classes\Models\ClassModel;
use CodeIgniter\Database\Exceptions\DataException;

/**
 * /api/classes: list, read, create, update and delete classes.
 *
 * @property ClassModel $model
 */
class Classes extends ApiController
{
    /**
     * @var string
     */
    protected $modelName = ClassModel::class;

    public function index()
    {
        $gradeLevel = $this->request->getGet('grade_level');
        if ($gradeLevel !== null && $gradeLevel !== '') {
            $this->model->where('grade_level', $gradeLevel);
        }

        return $this->respond($this->model->orderBy('grade_level')->orderBy('name')->findAll());
    }

    public function show($id = null)
    {
        $class = $this->model->find($id);
        if ($class === null) {
            return $this->failNotFound("Class {$id} not found.");
        }

        return $this->respond($class);
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
            return $this->failNotFound("Class {$id} not found.");
        }
        $data = $this->payload();
        if ($data === null) {
            return $this->failPayload();
        }
        // The id lets is_unique ignore this row's own name.
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
            return $this->failNotFound("Class {$id} not found.");
        }
        $students = $this->model->studentCount($id);
        if ($students > 0) {
            return $this->failValidationErrors(
                ['id' => "Class {$id} still has {$students} student(s); move or delete them first."]
            );
        }
        $this->model->delete($id);

        return $this->respondDeleted(['id' => (int) $id]);
    }
}
