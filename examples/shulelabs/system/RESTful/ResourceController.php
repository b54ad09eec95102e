<?php

declare(strict_types=1);

namespace CodeIgniter\RESTful;

use CodeIgniter\API\ResponseTrait;
use CodeIgniter\Controller;
use CodeIgniter\HTTP\IncomingRequest;
use CodeIgniter\HTTP\Response;

/**
 * A REST controller: $modelName is instantiated into $model; the resource methods answer 501
 * until a subclass implements them.
 */
class ResourceController extends Controller
{
    use ResponseTrait;

    /** @var string|null */
    protected $modelName;
    /** @var mixed */
    protected $model;
    /** @var string */
    protected $format = 'json';

    public function initController(IncomingRequest $request, Response $response, mixed $logger = null): void
    {
        parent::initController($request, $response, $logger);
        $this->setModel($this->modelName);
    }

    public function setModel(mixed $which = null): void
    {
        if (is_object($which)) {
            $this->model = $which;
            $this->modelName = $which::class;
        } elseif (is_string($which) && $which !== '') {
            $this->model = new $which();
            $this->modelName = $which;
        }
    }

    public function index()
    {
        return $this->fail('"index" is not implemented.', 501);
    }

    public function show($id = null)
    {
        return $this->fail('"show" is not implemented.', 501);
    }

    public function new()
    {
        return $this->fail('"new" is not implemented.', 501);
    }

    public function create()
    {
        return $this->fail('"create" is not implemented.', 501);
    }

    public function edit($id = null)
    {
        return $this->fail('"edit" is not implemented.', 501);
    }

    public function update($id = null)
    {
        return $this->fail('"update" is not implemented.', 501);
    }

    public function delete($id = null)
    {
        return $this->fail('"delete" is not implemented.', 501);
    }
}
