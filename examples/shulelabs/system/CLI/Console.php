<?php

declare(strict_types=1);

namespace CodeIgniter\CLI;

use Closure;
use CodeIgniter\Database\MigrationRunner;
use CodeIgniter\Router\RouteCollection;
use Throwable;

/**
 * The spark commands: migrate, migrate:rollback, migrate:status, routes, list. Unlike CI4's
 * spark, a failing migration makes the exit code 1, so pipelines notice.
 */
class Console
{
    /** @var resource */
    private $out;
    /** @var resource */
    private $err;

    /**
     * @param resource|null $out
     * @param resource|null $err
     */
    public function __construct($out = null, $err = null)
    {
        $this->out = $out ?? STDOUT;
        $this->err = $err ?? STDERR;
    }

    /**
     * @param list<string> $argv arguments after the script name
     */
    public function run(array $argv): int
    {
        $command = $argv[0] ?? 'list';
        $options = $this->options(array_slice($argv, 1));
        try {
            return match ($command) {
                'migrate' => $this->migrate(),
                'migrate:rollback' => $this->rollback((int) ($options['b'] ?? 0)),
                'migrate:status' => $this->status(),
                'routes' => $this->routes(),
                'list', 'help' => $this->commands(0),
                default => $this->unknown($command),
            };
        } catch (Throwable $err) {
            $this->write($this->err, "ERROR: {$err->getMessage()}");
            return 1;
        }
    }

    private function migrate(): int
    {
        $this->write($this->out, 'Running all new migrations...');
        $runner = new MigrationRunner();
        try {
            $runner->latest();
        } finally {
            $this->lines($runner->getCliMessages());
        }
        $this->write($this->out, 'Migrations complete.');
        return 0;
    }

    private function rollback(int $batch): int
    {
        $this->write($this->out, $batch > 0 ? "Rolling back to batch {$batch}..." : 'Rolling back all migrations...');
        $runner = new MigrationRunner();
        try {
            $runner->regress($batch);
        } finally {
            $this->lines($runner->getCliMessages());
        }
        $this->write($this->out, 'Done rolling back migrations.');
        return 0;
    }

    private function status(): int
    {
        $runner = new MigrationRunner();
        $applied = [];
        foreach ($runner->getHistory() as $row) {
            $applied[$row['version'] . $row['class']] = $row;
        }
        $rows = [];
        foreach ($runner->findMigrations() as $migration) {
            $row = $applied[$migration->uid] ?? null;
            $rows[] = [
                $migration->namespace, $migration->version, $migration->name,
                $row === null ? '---' : date('Y-m-d H:i:s', (int) $row['time']),
                $row === null ? '---' : (string) $row['batch'],
            ];
        }
        $this->table(['Namespace', 'Version', 'Filename', 'Migrated On', 'Batch'], $rows);
        return 0;
    }

    private function routes(): int
    {
        $rows = [];
        foreach ((new RouteCollection())->loadRoutes()->getRoutes() as $route) {
            $handler = $route['to'] instanceof Closure ? '(Closure)' : $route['to'];
            $rows[] = [$route['method'], $route['from'] === '/' ? '/' : '/' . $route['from'], $handler];
        }
        $this->table(['Method', 'Route', 'Handler'], $rows);
        return 0;
    }

    private function commands(int $code): int
    {
        $this->lines([
            'Usage: php spark <command> [options]',
            '  migrate                 apply every new migration',
            '  migrate:rollback [-b N] roll back to batch N (default: all)',
            '  migrate:status          list migrations and whether they ran',
            '  routes                  list routes: method, path, handler',
        ]);
        return $code;
    }

    private function unknown(string $command): int
    {
        $this->write($this->err, "Command \"{$command}\" not found.");
        return $this->commands(1);
    }

    /**
     * @param list<string> $args
     * @return array<string, string>
     */
    private function options(array $args): array
    {
        $options = [];
        for ($i = 0; $i < count($args); $i++) {
            if (str_starts_with($args[$i], '-')) {
                $options[ltrim($args[$i], '-')] = $args[$i + 1] ?? '';
                $i++;
            }
        }
        return $options;
    }

    /**
     * @param list<string> $head
     * @param list<list<string>> $rows
     */
    private function table(array $head, array $rows): void
    {
        $widths = array_map('strlen', $head);
        foreach ($rows as $row) {
            foreach ($row as $i => $cell) {
                $widths[$i] = max($widths[$i], strlen($cell));
            }
        }
        $line = static fn (array $cells): string => '| ' . implode(' | ', array_map(
            static fn (string $c, int $w): string => str_pad($c, $w),
            $cells,
            $widths
        )) . ' |';
        $this->lines([$line($head), ...array_map($line, $rows)]);
    }

    /**
     * @param list<string> $lines
     */
    private function lines(array $lines): void
    {
        foreach ($lines as $text) {
            $this->write($this->out, $text);
        }
    }

    /**
     * @param resource $stream
     */
    private function write($stream, string $text): void
    {
        fwrite($stream, $text . PHP_EOL);
    }
}
