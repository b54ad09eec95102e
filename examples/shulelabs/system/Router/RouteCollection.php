<?php

declare(strict_types=1);

namespace CodeIgniter\Router;

use Closure;

/**
 * Route definitions with CI4's API: get/post/put/patch/delete/add/match, group() with a prefix and
 * ['namespace' => ...], resource() and placeholders like (:segment). loadRoutes() reads
 * app/Config/Routes.php, then Config/Routes.php of every namespace in Config\Autoload::$psr4.
 */
class RouteCollection
{
    public const PLACEHOLDERS = [
        '(:any)' => '(.*)', '(:segment)' => '([^/]+)', '(:alphanum)' => '([a-zA-Z0-9]+)', '(:num)' => '([0-9]+)',
        '(:alpha)' => '([a-zA-Z]+)', '(:hash)' => '([^/]+)',
    ];

    protected string $defaultNamespace = 'App\Controllers';
    /** @var list<array{method: string, from: string, to: Closure|string}> */
    protected array $routes = [];
    protected string $prefix = '';
    /** @var array<string, mixed> */
    protected array $groupOptions = [];

    public function setDefaultNamespace(string $value): static
    {
        $this->defaultNamespace = trim($value, '\\');
        return $this;
    }

    /**
     * Loads the app's routes file, then each module's Config/Routes.php (namespaces of $psr4).
     *
     * @param array<string, string>|null $psr4 defaults to Config\Autoload::$psr4
     */
    public function loadRoutes(string $routesFile = APPPATH . 'Config/Routes.php', ?array $psr4 = null): static
    {
        $seen = [];
        $files = [$routesFile];
        foreach ($psr4 ?? (new \Config\Autoload())->psr4 as $dir) {
            $files[] = rtrim($dir, '/\\') . '/Config/Routes.php';
        }
        foreach ($files as $file) {
            $real = realpath($file);
            if ($real === false || isset($seen[$real])) {
                continue;
            }
            $seen[$real] = true;
            (static function (RouteCollection $routes, string $file): void {
                require $file;
            })($this, $real);
        }
        return $this;
    }

    /**
     * @param array<string, mixed>|null $options
     */
    public function get(string $from, Closure|string $to, ?array $options = null): static
    {
        return $this->create('GET', $from, $to, $options);
    }

    /**
     * @param array<string, mixed>|null $options
     */
    public function post(string $from, Closure|string $to, ?array $options = null): static
    {
        return $this->create('POST', $from, $to, $options);
    }

    /**
     * @param array<string, mixed>|null $options
     */
    public function put(string $from, Closure|string $to, ?array $options = null): static
    {
        return $this->create('PUT', $from, $to, $options);
    }

    /**
     * @param array<string, mixed>|null $options
     */
    public function patch(string $from, Closure|string $to, ?array $options = null): static
    {
        return $this->create('PATCH', $from, $to, $options);
    }

    /**
     * @param array<string, mixed>|null $options
     */
    public function delete(string $from, Closure|string $to, ?array $options = null): static
    {
        return $this->create('DELETE', $from, $to, $options);
    }

    /**
     * @param list<string> $verbs
     * @param array<string, mixed>|null $options
     */
    public function match(array $verbs, string $from, Closure|string $to, ?array $options = null): static
    {
        foreach ($verbs as $verb) {
            $this->create(strtoupper($verb), $from, $to, $options);
        }
        return $this;
    }

    /**
     * @param array<string, mixed>|null $options
     */
    public function add(string $from, Closure|string $to, ?array $options = null): static
    {
        return $this->match(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], $from, $to, $options);
    }

    /**
     * group('api', ['namespace' => 'App\Foo'], static function ($routes) {...}) or group('api', $callback).
     */
    public function group(string $name, mixed ...$params): void
    {
        $callback = array_pop($params);
        $options = is_array($params[0] ?? null) ? $params[0] : [];
        [$oldPrefix, $oldOptions] = [$this->prefix, $this->groupOptions];
        $this->prefix = trim($oldPrefix . '/' . trim($name, '/'), '/');
        $this->groupOptions = array_merge($oldOptions, $options);
        if (is_callable($callback)) {
            $callback($this);
        }
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
        $options ??= [];
        $controller = (string) ($options['controller'] ?? ucfirst(basename($name)));
        $id = (string) ($options['placeholder'] ?? '(:segment)');
        $methods = ['index', 'new', 'create', 'edit', 'show', 'update', 'delete'];
        if (isset($options['only'])) {
            $methods = array_intersect($methods, $this->names($options['only']));
        }
        if (isset($options['except'])) {
            $methods = array_diff($methods, $this->names($options['except']));
        }
        $table = [
            'index' => [['GET'], $name, 'index'],
            'new' => [['GET'], "{$name}/new", 'new'],
            'create' => [['POST'], $name, 'create'],
            'edit' => [['GET'], "{$name}/{$id}/edit", 'edit/$1'],
            'show' => [['GET'], "{$name}/{$id}", 'show/$1'],
            'update' => [['PUT', 'PATCH'], "{$name}/{$id}", 'update/$1'],
            'delete' => [['DELETE'], "{$name}/{$id}", 'delete/$1'],
        ];
        foreach ($methods as $method) {
            [$verbs, $from, $action] = $table[$method];
            $this->match($verbs, $from, $controller . '::' . $action, $options);
        }
        return $this;
    }

    /**
     * @return list<array{method: string, from: string, to: Closure|string}>
     */
    public function getRoutes(?string $verb = null): array
    {
        if ($verb === null) {
            return $this->routes;
        }
        return array_values(array_filter($this->routes, static fn (array $r): bool => $r['method'] === strtoupper($verb)));
    }

    /**
     * @param array<string, mixed>|null $options
     */
    protected function create(string $verb, string $from, Closure|string $to, ?array $options): static
    {
        $options = array_merge($this->groupOptions, $options ?? []);
        $from = trim($this->prefix . '/' . trim($from, '/'), '/');
        if (is_string($to) && ! str_starts_with($to, '\\')) {
            $namespace = trim((string) ($options['namespace'] ?? $this->defaultNamespace), '\\');
            $to = '\\' . $namespace . '\\' . $to;
        }
        $this->routes[] = ['method' => $verb, 'from' => $from === '' ? '/' : $from, 'to' => $to];
        return $this;
    }

    /**
     * @param list<string>|string $value
     * @return list<string>
     */
    protected function names(array|string $value): array
    {
        return is_array($value) ? $value : array_map('trim', explode(',', $value));
    }
}
