<?php

declare(strict_types=1);

namespace CodeIgniter\Router;

use Closure;
use CodeIgniter\Exceptions\PageNotFoundException;

/**
 * Finds the route of a request: the first definition whose verb and pattern match, with
 * "$1"-style back-references filled from the placeholders.
 */
class Router
{
    public function __construct(protected RouteCollection $routes)
    {
    }

    /**
     * @return array{0: Closure|string, 1: string, 2: list<string>} handler (closure or class), method, parameters
     */
    public function handle(string $verb, string $path): array
    {
        $path = trim($path, '/');
        $path = $path === '' ? '/' : $path;
        foreach ($this->routes->getRoutes(strtoupper($verb)) as $route) {
            $pattern = strtr($route['from'], RouteCollection::PLACEHOLDERS);
            if (! preg_match('#^' . $pattern . '$#', $path, $matches)) {
                continue;
            }
            $params = array_map('rawurldecode', array_slice($matches, 1));
            if ($route['to'] instanceof Closure) {
                return [$route['to'], '', $params];
            }
            [$class, $action] = explode('::', $route['to'], 2) + [1 => 'index'];
            $segments = explode('/', $action);
            $method = array_shift($segments);
            $args = array_map(static fn (string $s): string => preg_match('/^\$(\d+)$/', $s, $m)
                ? ($params[(int) $m[1] - 1] ?? '') : $s, $segments);
            return [$class, $method, $args];
        }
        throw PageNotFoundException::forPageNotFound("Can't find a route for '{$verb}: {$path}'.");
    }
}
