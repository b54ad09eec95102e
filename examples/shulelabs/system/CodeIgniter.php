<?php

declare(strict_types=1);

namespace CodeIgniter;

use Closure;
use CodeIgniter\Exceptions\PageNotFoundException;
use CodeIgniter\HTTP\Exceptions\HTTPException;
use CodeIgniter\HTTP\IncomingRequest;
use CodeIgniter\HTTP\Response;
use CodeIgniter\Router\RouteCollection;
use CodeIgniter\Router\Router;
use Throwable;

/**
 * The application kernel: routes a request to its controller method and turns what it returns
 * (Response, string, array) or throws into a response. Errors become JSON with CI4's fail() shape.
 */
class CodeIgniter
{
    protected RouteCollection $routes;

    public function __construct(?RouteCollection $routes = null)
    {
        $this->routes = $routes ?? (new RouteCollection())->loadRoutes();
    }

    /** Front-controller entry: handle the PHP request and send the response. */
    public function run(): Response
    {
        return $this->handle(IncomingRequest::fromGlobals())->send();
    }

    public function handle(IncomingRequest $request): Response
    {
        $response = new Response();
        try {
            return $this->dispatch($request, $response);
        } catch (PageNotFoundException $err) {
            return $this->error($response, 404, $err->getMessage());
        } catch (HTTPException $err) {
            return $this->error($response, $err->getCode() >= 400 ? $err->getCode() : 400, $err->getMessage());
        } catch (Throwable $err) {
            $this->log($err);
            $detail = ENVIRONMENT === 'production' ? 'Internal Server Error' : $err::class . ': ' . $err->getMessage();
            return $this->error($response, 500, $detail);
        }
    }

    protected function dispatch(IncomingRequest $request, Response $response): Response
    {
        [$handler, $method, $params] = (new Router($this->routes))->handle($request->getMethod(), $request->getPath());
        if ($handler instanceof Closure) {
            return $this->toResponse($handler(...$params), $response);
        }
        if (! class_exists($handler)) {
            throw PageNotFoundException::forPageNotFound("Controller {$handler} is not found.");
        }
        $controller = new $handler();
        if (! is_callable([$controller, $method]) || str_starts_with($method, '_')) {
            throw PageNotFoundException::forPageNotFound("Method {$handler}::{$method}() is not found.");
        }
        $controller->initController($request, $response);
        return $this->toResponse($controller->{$method}(...$params), $response);
    }

    protected function toResponse(mixed $output, Response $response): Response
    {
        if ($output instanceof Response) {
            return $output;
        }
        if (is_array($output) || is_object($output)) {
            return $response->setJSON($output);
        }
        return $response->setBody((string) $output);
    }

    protected function error(Response $response, int $status, string $message): Response
    {
        return $response->setStatusCode($status)
            ->setJSON(['status' => $status, 'error' => $status, 'messages' => ['error' => $message]]);
    }

    protected function log(Throwable $err): void
    {
        log_message('critical', sprintf('%s: %s in %s:%d', $err::class, $err->getMessage(), $err->getFile(), $err->getLine()));
    }
}
