<?php

declare(strict_types=1);

namespace CodeIgniter\Router;

use Closure;

/**
 * Route definitions with CI4's API: get/post/put/patch/delete/match, group() with a prefix and
 * ['namespace' => ...], resource() and placeholders like (:segment). loadRoutes() reads
 * app/Config/Routes.php, then Config/Routes.php of every namespace in Config\Autoload::$psr4.
 */
class RouteCollection
{
    public const PLACEHOLDERS = [
        '(:any)' => '(.*)', '(:segment)' => '([^/]+)', '(:alphanum)' => '([a-zA-Z0-9]+)', '(:num)' => '([0-9]+)',
        '(:alpha)' => '([a-zA-Z]+)', '(:hash)' => '([^/]+)',
    ];

    /** @var list<array{method: string, from: string, to: Closure|string}> */
    protected array $routes = [];
    protected string $prefix = '';
    /** @var array<string, mixed> */
    protected array $groupOptions = ['namespace' => 'App\Controllers'];

    /**
     * Loads the app's routes file, then each module's Config/Routes.php (namespaces of $psr4).
     *
     * @param array<string, string>|null $psr4 defaults to Config\Autoload::$psr4
     */
    public function loadRoutes(string $routesFile = APPPATH . 'Config/Routes.php', ?array $psr4 = null): static
    {
        $files = [$routesFile];
        foreach ($psr4 ?? (new \Config\Autoload())->psr4 as $dir) {
            $files[] = rtrim($dir, '/\\') . '/Config/Routes.php';
        }
        foreach (array_unique(array_filter(array_map('realpath', $files))) as $file) {
            (static function (RouteCollection $routes, string $file): void {
                require $file;
            })($this, $file);
        }
        return $this;
    }

    /**
     * @param array<string, mixed>|null $options
     */
    public function get(string $from, Closure|string $to, ?array $options = null): static
    {
        return $this->match(['GET'], $from, $to, $options);
    }

    /**
     * @param array<string, mixed>|null $options
     */
    public function post(string $from, Closure|string $to, ?array $options = null): static
    {
        return $this->match(['POST'], $from, $to, $options);
    }

    /**
     * @param array<string, mixed>|null $options
     */
    public function put(string $from, Closure|string $to, ?array $options = null): static
    {
        return $this->match(['PUT'], $from, $to, $options);
    }

    /**
     * @param array<string, mixed>|null $options
     */
    public function patch(string $from, Closure|string $to, ?array $options = null): static
    {
        return $this->match(['PATCH'], $from, $to, $options);
    }

    /**
     * @param array<string, mixed>|null $options
     */
    public function delete(string $from, Closure|string $to, ?array $options = null): static
    {
        return $this->match(['DELETE'], $from, $to, $options);
    }

    /**
     * @param list<string> $verbs
     * @param array<string, mixed>|null $options
     */
    public function match(array $verbs, string $from, Closure|string $to, ?array $options = null): static
    {
        $namespace = trim((string) ($options['namespace'] ?? $this->groupOptions['namespace']), '\\');
        $from = trim($this->prefix . '/' . trim($from, '/'), '/');
        if (is_string($to) && ! str_starts_with($to, '\\')) {
            $to = '\\' . $namespace . '\\' . $to;
        }
        foreach ($verbs as $verb) {
            $this->routes[] = ['method' => strtoupper($verb), 'from' => $from === '' ? '/' : $from, 'to' => $to];
        }
        return $this;
    }

    /**
     * group('api', ['namespace' => 'App\Foo'], static function ($routes) {...}) or group('api', $callback).
     */
    public function group(string $name, mixed ...$params): void
    {
        $callback = array_pop($params);
        [$oldPrefix, $oldOptions] = [$this->prefix, $this->groupOptions];
        $this->prefix = trim($oldPrefix . '/' . trim($name, '/'), '/');
        $this->groupOptions = array_merge($oldOptions, is_array($params[0] ?? null) ? $params[0] : []);
        $callback($this);
        [$this->prefix, $this->groupOptions] = [$oldPrefix, $oldOptions];
    }

    /**
     * The routes of a REST resource: index, new, create, edit, show, update (PUT and PATCH), delete.
     * Options: controller, placeholder (default (:segment)), only, except.
     *
     * @param array<string, mixed>|null $options
     */
    public function resource(string $name, ?array $options = null): static
    {
        $controller = (string) ($options['controller'] ?? ucfirst(basename($name)));
        $id = (string) ($options['placeholder'] ?? '(:segment)');
        $actions = [
            'index' => [['GET'], $name, 'index'],
            'new' => [['GET'], "{$name}/new", 'new'],
            'create' => [['POST'], $name, 'create'],
            'edit' => [['GET'], "{$name}/{$id}/edit", 'edit/$1'],
            'show' => [['GET'], "{$name}/{$id}", 'show/$1'],
            'update' => [['PUT', 'PATCH'], "{$name}/{$id}", 'update/$1'],
            'delete' => [['DELETE'], "{$name}/{$id}", 'delete/$1'],
        ];
        $list = static fn (array|string $value): array => is_array($value) ? $value : array_map('trim', explode(',', $value));
        $keep = array_diff(isset($options['only']) ? $list($options['only']) : array_keys($actions), $list($options['except'] ?? []));
        foreach (array_intersect_key($actions, array_flip($keep)) as [$verbs, $from, $action]) {
            $this->match($verbs, $from, $controller . '::' . $action, $options);
        }
        return $this;
    }

    /**
     * @return list<array{method: string, from: string, to: Closure|string}>
     */
    public function getRoutes(?string $verb = null): array
    {
        $routes = array_filter($this->routes, static fn (array $r): bool => $verb === null || $r['method'] === strtoupper($verb));
        return array_values($routes);
    }
}
