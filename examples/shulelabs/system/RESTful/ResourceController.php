<?php

declare(strict_types=1);

namespace CodeIgniter\RESTful;

use CodeIgniter\API\ResponseTrait;
use CodeIgniter\Controller;
use CodeIgniter\HTTP\IncomingRequest;
use CodeIgniter\HTTP\Response;

/**
 * A REST controller: $modelName is instantiated into $model. Subclasses implement the resource
 * actions they route to (index, show, create, update, delete, ...).
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
        if (is_string($this->modelName) && $this->modelName !== '') {
            $this->model = new $this->modelName();
        }
    }
}
