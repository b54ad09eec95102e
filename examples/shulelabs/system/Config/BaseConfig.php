<?php

declare(strict_types=1);

namespace CodeIgniter\Config;

/**
 * Config base that, like CI4, lets environment variables named "<class>.<property>[.<key>]"
 * override public properties (e.g. database.default.database).
 */
class BaseConfig
{
    public function __construct()
    {
        $short = strtolower((new \ReflectionClass($this))->getShortName());
        foreach (array_keys(get_object_vars($this)) as $property) {
            if (is_array($this->{$property})) {
                foreach (array_keys($this->{$property}) as $key) {
                    $value = env("{$short}.{$property}.{$key}");
                    if ($value !== null) {
                        $this->{$property}[$key] = $value;
                    }
                }
                continue;
            }
            $value = env("{$short}.{$property}");
            if ($value !== null) {
                $this->{$property} = $value;
            }
        }
    }
}
