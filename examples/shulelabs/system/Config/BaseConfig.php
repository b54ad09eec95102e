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
        foreach (get_object_vars($this) as $property => $value) {
            foreach (is_array($value) ? array_keys($value) : [null] as $key) {
                $override = env($key === null ? "{$short}.{$property}" : "{$short}.{$property}.{$key}");
                if ($override !== null && $key === null) {
                    $this->{$property} = $override;
                } elseif ($override !== null) {
                    $this->{$property}[$key] = $override;
                }
            }
        }
    }
}
