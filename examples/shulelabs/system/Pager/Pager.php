<?php

declare(strict_types=1);

namespace CodeIgniter\Pager;

/**
 * Totals of one paginate() call (CI4's Pager getters for the default group).
 */
class Pager
{
    public function __construct(private int $page, private int $perPage, private int $total)
    {
    }

    public function getCurrentPage(string $group = 'default'): int
    {
        return $this->page;
    }

    public function getPerPage(string $group = 'default'): int
    {
        return $this->perPage;
    }

    public function getTotal(string $group = 'default'): int
    {
        return $this->total;
    }

    public function getPageCount(string $group = 'default'): int
    {
        return max(1, (int) ceil($this->total / $this->perPage));
    }
}
