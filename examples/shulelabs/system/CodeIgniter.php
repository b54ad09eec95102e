<?php

declare(strict_types=1);

namespace CodeIgniter;

use Closure;
use CodeIgniter\Exceptions\PageNotFoundException;
use CodeIgniter\HTTP\Exceptions\HTTPException;
use CodeIgniter\HTTP\IncomingRequest;
use CodeIgniter\HTTP\Response;
use CodeIgniter\Router\RouteCollection;
use Throwable;

/**
 * The application kernel: routes a request to its controller method (the first route whose verb and
 * pattern match; "$1" in the handler is the first placeholder's value) and turns what it returns
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
            $output = $this->dispatch($request, $response);
            return match (true) {
                $output instanceof Response => $output,
                is_array($output), is_object($output) => $response->setJSON($output),
                default => $response->setBody((string) $output),
            };
        } catch (PageNotFoundException $err) {
            return $this->error($response, 404, $err->getMessage());
        } catch (HTTPException $err) {
            return $this->error($response, $err->getCode() >= 400 ? $err->getCode() : 400, $err->getMessage());
        } catch (Throwable $err) {
            log_message('critical', sprintf('%s: %s in %s:%d', $err::class, $err->getMessage(), $err->getFile(), $err->getLine()));
            $detail = ENVIRONMENT === 'production' ? 'Internal Server Error' : $err::class . ': ' . $err->getMessage();
            return $this->error($response, 500, $detail);
        }
    }

    protected function dispatch(IncomingRequest $request, Response $response): mixed
    {
        $verb = $request->getMethod();
        $path = trim($request->getPath(), '/');
        $path = $path === '' ? '/' : $path;
        foreach ($this->routes->getRoutes($verb) as $route) {
            $pattern = strtr($route['from'], RouteCollection::PLACEHOLDERS);
            if (! preg_match('#^' . $pattern . '$#', $path, $matches)) {
                continue;
            }
            $params = array_map('rawurldecode', array_slice($matches, 1));
            if ($route['to'] instanceof Closure) {
                return $route['to'](...$params);
            }
            [$class, $action] = explode('::', $route['to'], 2) + [1 => 'index'];
            $segments = explode('/', $action);
            $method = array_shift($segments);
            if (! class_exists($class)) {
                throw new PageNotFoundException("Controller {$class} is not found.");
            }
            $controller = new $class();
            if (! is_callable([$controller, $method]) || str_starts_with($method, '_')) {
                throw new PageNotFoundException("Method {$class}::{$method}() is not found.");
            }
            $controller->initController($request, $response);
            $args = array_map(
                static fn (string $s): string => preg_match('/^\$(\d+)$/', $s, $m) ? ($params[$m[1] - 1] ?? '') : $s,
                $segments
            );
            return $controller->{$method}(...$args);
        }
        throw new PageNotFoundException("Can't find a route for '{$verb}: {$path}'.");
    }

    protected function error(Response $response, int $status, string $message): Response
    {
        return $response->setStatusCode($status)
            ->setJSON(['status' => $status, 'error' => $status, 'messages' => ['error' => $message]]);
    }
}
