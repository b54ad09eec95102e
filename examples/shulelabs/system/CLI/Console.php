<?php

declare(strict_types=1);

namespace CodeIgniter\CLI;

use Closure;
use CodeIgniter\Database\MigrationRunner;
use CodeIgniter\Router\RouteCollection;
use Throwable;

/**
 * The spark commands: migrate, migrate:rollback [-b N], migrate:status, routes, list. Unlike CI4's
 * spark, a failing migration makes the exit code 1, so pipelines notice. Other options are ignored.
 */
class Console
{
    private const USAGE = 'Usage: php spark <command> [options]
  migrate                 apply every new migration
  migrate:rollback [-b N] roll back to batch N (default: all)
  migrate:status          list migrations and whether they ran
  routes                  list routes: method, path, handler';

    /**
     * @param list<string> $argv arguments after the script name
     */
    public function run(array $argv): int
    {
        $command = $argv[0] ?? 'list';
        $option = array_search('-b', $argv, true);
        $batch = (int) ($option === false ? 0 : $argv[$option + 1] ?? 0);
        $rollingBack = $batch > 0 ? "Rolling back to batch {$batch}..." : 'Rolling back all migrations...';
        try {
            return match ($command) {
                'migrate' => $this->migrate('latest', 'Running all new migrations...', 'Migrations complete.'),
                'migrate:rollback' => $this->migrate('regress', $rollingBack, 'Done rolling back migrations.', $batch),
                'migrate:status' => $this->status(),
                'routes' => $this->routes(),
                'list', 'help' => $this->write(self::USAGE),
                default => $this->write(self::USAGE, "Command \"{$command}\" not found."),
            };
        } catch (Throwable $err) {
            return $this->write('', "ERROR: {$err->getMessage()}");
        }
    }

    private function migrate(string $method, string $start, string $done, int ...$args): int
    {
        $this->write($start);
        $runner = new MigrationRunner();
        try {
            $runner->{$method}(...$args);
        } finally {
            foreach ($runner->getCliMessages() as $line) {
                $this->write($line);
            }
        }
        return $this->write($done);
    }

    private function status(): int
    {
        $runner = new MigrationRunner();
        $applied = [];
        foreach ($runner->getHistory() as $row) {
            $applied[$row['version'] . $row['class']] = [date('Y-m-d H:i:s', (int) $row['time']), (string) $row['batch']];
        }
        $rows = [];
        foreach ($runner->findMigrations() as $m) {
            $rows[] = [$m->namespace, $m->version, $m->name, ...$applied[$m->uid] ?? ['---', '---']];
        }
        return $this->table(['Namespace', 'Version', 'Filename', 'Migrated On', 'Batch'], $rows);
    }

    private function routes(): int
    {
        $rows = [];
        foreach ((new RouteCollection())->loadRoutes()->getRoutes() as $route) {
            $path = $route['from'] === '/' ? '/' : '/' . $route['from'];
            $rows[] = [$route['method'], $path, $route['to'] instanceof Closure ? '(Closure)' : $route['to']];
        }
        return $this->table(['Method', 'Route', 'Handler'], $rows);
    }

    /**
     * Prints rows as "| a | b |" lines, each column as wide as its widest cell.
     *
     * @param list<string> $head
     * @param list<list<string>> $rows
     */
    private function table(array $head, array $rows): int
    {
        $widths = array_map(static fn (int $i): int => max(array_map('strlen', array_column([$head, ...$rows], $i))), array_keys($head));
        foreach ([$head, ...$rows] as $row) {
            $this->write('| ' . implode(' | ', array_map('str_pad', $row, $widths)) . ' |');
        }
        return 0;
    }

    /** Writes $out to stdout and $err to stderr (if given); the exit code is 1 after an error. */
    private function write(string $out, string $err = ''): int
    {
        if ($out !== '') {
            fwrite(STDOUT, $out . PHP_EOL);
        }
        if ($err !== '') {
            fwrite(STDERR, $err . PHP_EOL);
        }
        return $err === '' ? 0 : 1;
    }
}
