<?php

declare(strict_types=1);

namespace CodeIgniter;

use CodeIgniter\HTTP\IncomingRequest;
use CodeIgniter\HTTP\Response;

/**
 * Base controller: the request and response of the call are set by initController().
 */
class Controller
{
    /** @var IncomingRequest */
    protected $request;
    /** @var Response */
    protected $response;

    public function initController(IncomingRequest $request, Response $response, mixed $logger = null): void
    {
        $this->request = $request;
        $this->response = $response;
    }
}
